"""Whole-object rules in the OpenAPI document: a marshmallow schema's `Meta.openapi`.

JSON Schema can state some rules that span fields ("at least one field", "valid_days, or
valid_from and valid_until"), which marshmallow checks in `@validates_schema` and apispec cannot
see. A schema that has such a rule says it once more, as JSON Schema, in `Meta.openapi`; this
apispec plugin adds it to the schema's component. Tests check both say the same.
"""

from __future__ import annotations

from apispec import BasePlugin
from marshmallow import Schema, ValidationError, validates_schema


class SchemaRules(BasePlugin):
    def schema_helper(self, name, definition, **kwargs):  # apispec's signature
        schema = kwargs.get("schema")
        cls = schema if isinstance(schema, type) else type(schema)
        rules = getattr(getattr(cls, "Meta", None), "openapi", None)
        return dict(rules) if rules else None


class AtLeastOneField(Schema):
    """A change (PATCH) body: an empty one is refused, and its component says minProperties: 1."""

    @validates_schema
    def not_empty(self, data, **_kwargs):
        if not data:
            raise ValidationError("Give at least one field to change.", "_schema")

    class Meta:
        openapi = {"minProperties": 1}  # `not_empty`, as JSON Schema
