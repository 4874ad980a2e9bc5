"""Field sets that several event contracts share."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate


class EventData(Schema):
    class Meta:
        unknown = EXCLUDE  # consumers ignore fields added by newer producers


class StoreData(EventData):
    id = fields.String(required=True)
    name = fields.String(required=True)
    region = fields.String(required=True)
    address = fields.String(load_default="")


Money = lambda **kw: fields.Integer(strict=True, validate=validate.Range(min=0), **kw)  # noqa: E731
