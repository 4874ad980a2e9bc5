"""Response bodies declared like dataclasses: `class QuoteOut(OutSchema): payable: int`.

A response schema is a list of names and types; `fields.String()` on every line said no more
than `str`. The type picks the marshmallow field (`str`, `int`, `bool`, `float`, `dict`,
`datetime` as an aware RFC 3339 time, a schema class as a nested object, `list[...]`), and
`| None` allows null. A field that needs more (a description) is assigned as usual,
`secret: str = fields.String(metadata=...)`, and keeps its place in the order.
"""

from __future__ import annotations

import sys
import types
from datetime import datetime
from typing import Any, Union, get_args, get_origin

from marshmallow import Schema, fields
from marshmallow.schema import SchemaMeta

_PLAIN: dict[Any, type[fields.Field]] = {
    str: fields.String,
    int: fields.Integer,
    bool: fields.Boolean,
    float: fields.Float,
    dict: fields.Dict,
    datetime: fields.AwareDateTime,
}


def field_for(kind: Any) -> fields.Field:
    """The marshmallow field a response schema uses for this type."""
    if get_origin(kind) in (Union, types.UnionType) and type(None) in get_args(kind):
        (inner,) = [arg for arg in get_args(kind) if arg is not type(None)]
        return _field(inner, allow_none=True)
    return _field(kind)


def _field(kind: Any, **options: Any) -> fields.Field:
    if get_origin(kind) is list:
        (item,) = get_args(kind)
        return fields.List(_field(item), **options)
    if isinstance(kind, type) and issubclass(kind, Schema):
        return fields.Nested(kind, **options)
    return _PLAIN[kind](**options)


class _OutSchemaMeta(SchemaMeta):
    """Turn the class's annotations into fields, in their order, before marshmallow reads them."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]):
        names = attrs.get("__annotations__", {})
        if names:
            module = vars(sys.modules[attrs["__module__"]])
            declared = {
                n: attrs[n] if n in attrs else field_for(_type(t, module)) for n, t in names.items()
            }
            attrs = {k: v for k, v in attrs.items() if k not in declared} | declared
        return super().__new__(mcs, name, bases, attrs)


def _type(annotation: Any, module: dict[str, Any]) -> Any:
    # `from __future__ import annotations` leaves them as strings of the module's names.
    return eval(annotation, module) if isinstance(annotation, str) else annotation  # noqa: S307


class OutSchema(Schema, metaclass=_OutSchemaMeta):
    """A response body: annotate each field with its type (see the module's docstring)."""
