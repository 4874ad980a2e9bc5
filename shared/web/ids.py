"""The `<id:...>` URL converter: every resource id the mall makes is a lower-case UUID4 string.

A path with anything else in an id's place is no route (404 `not_found`), and the OpenAPI
document says so with the same pattern, so that clients and fuzzers send ids of the real shape.
"""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api
from werkzeug.routing import BaseConverter

ID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
ID_SCHEMA = {"type": "string", "format": "uuid", "pattern": ID_PATTERN}


class IdConverter(BaseConverter):
    """Match a lower-case UUID and hand it to the view as the string it is."""

    regex = ID_PATTERN.strip("^$")


def install_id_converter(app: Flask, api: Api) -> None:
    """Register `<id:name>` for routes and for the document (before blueprints are added)."""
    app.url_map.converters["id"] = IdConverter
    api.register_converter(IdConverter, lambda _converter: dict(ID_SCHEMA))
