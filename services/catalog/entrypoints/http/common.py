"""Helpers the catalog's views share."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import Response, current_app
from marshmallow import Schema

from services.catalog.service_layer.context import CatalogContext
from shared.service import CONTEXT_KEY


def context() -> CatalogContext:
    """The use cases' context, built once by bootstrap.build()."""
    return current_app.extensions[CONTEXT_KEY]


def renderer(schema: Schema) -> Callable[[object], str]:
    """Dump through the response schema once, to the JSON text that is cached and sent."""
    return lambda value: json.dumps(schema.dump(value), ensure_ascii=False, separators=(",", ":"))


def json_text(body: str, status: int = 200) -> Response:
    # A Response passes flask-smorest's @blp.response untouched; the schema still documents it.
    return Response(body, status=status, mimetype="application/json")
