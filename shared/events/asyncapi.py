"""Generate the AsyncAPI document from the event registry (docs/asyncapi.yaml is its output)."""

from __future__ import annotations

import sys

import yaml
from marshmallow import Schema, fields

from shared.events import registry
from shared.events.envelope import EnvelopeSchema
from shared.messaging.topics import CATALOG_EVENTS, MERCHANT_EVENTS, VOUCHER_EVENTS

CHANNEL_OF_PREFIX = {
    "merchant": MERCHANT_EVENTS,
    "product": CATALOG_EVENTS,
    "campaign": VOUCHER_EVENTS,
    "voucher": VOUCHER_EVENTS,
}
_TYPES = [
    (fields.Integer, {"type": "integer"}),
    (fields.Boolean, {"type": "boolean"}),
    (fields.AwareDateTime, {"type": "string", "format": "date-time"}),
    (fields.UUID, {"type": "string", "format": "uuid"}),
    (fields.String, {"type": "string"}),
    (fields.Dict, {"type": "object"}),
]


def field_schema(field: fields.Field) -> dict:
    if isinstance(field, fields.Nested):
        return schema_of(field.schema)
    if isinstance(field, fields.List):
        return {"type": "array", "items": field_schema(field.inner)}
    for cls, out in _TYPES:
        if isinstance(field, cls):
            return dict(out, **({"nullable": True} if field.allow_none else {}))
    return {}


def schema_of(schema: Schema) -> dict:
    props = {name: field_schema(f) for name, f in schema.fields.items()}
    required = sorted(name for name, f in schema.fields.items() if f.required)
    return {"type": "object", "properties": props, "required": required}


def document() -> dict:
    channels: dict = {}
    messages: dict = {}
    for event_type, versions in registry.known_types().items():
        channel = CHANNEL_OF_PREFIX[event_type.split(".")[0]]
        for version in versions:
            name = f"{event_type}.v{version}"
            envelope = schema_of(EnvelopeSchema())
            envelope["properties"]["type"]["const"] = event_type
            envelope["properties"]["version"]["const"] = version
            envelope["properties"]["data"] = schema_of(registry.schema_for(event_type, version)())
            messages[name] = {
                "name": event_type,
                "contentType": "application/json",
                "payload": envelope,
            }
            channels.setdefault(channel, {"address": channel, "messages": {}})
            channels[channel]["messages"][name] = {"$ref": f"#/components/messages/{name}"}
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Union inclusive-benefits mall events",
            "version": "1.0.0",
            "description": "Every message is a JSON envelope keyed by its aggregate id.",
        },
        "channels": dict(sorted(channels.items())),
        "components": {"messages": dict(sorted(messages.items()))},
    }


def render() -> str:
    return yaml.safe_dump(document(), sort_keys=False, allow_unicode=True)


if __name__ == "__main__":
    sys.stdout.write(render())
