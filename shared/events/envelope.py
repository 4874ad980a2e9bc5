"""The JSON envelope every message on Kafka carries, and its strict parsing."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from shared.events.registry import latest_version, schema_for


class InvalidEvent(Exception):
    """A message that is not a well-formed, known event; it can never be handled."""


class EnvelopeSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # newer producers may add envelope fields

    id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.Length(min=1, max=100))
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    occurred_at = fields.AwareDateTime(required=True)
    producer = fields.String(required=True, validate=validate.Length(min=1, max=50))
    aggregate_id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    request_id = fields.String(load_default=None, allow_none=True)
    data = fields.Dict(required=True)


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    version: int
    occurred_at: datetime
    producer: str
    aggregate_id: str
    request_id: str | None
    data: dict

    def to_dict(self) -> dict:
        # Shallow: asdict() deep-copies `data`, which cost a claim more than encoding it.
        return {**self.__dict__, "occurred_at": self.occurred_at.isoformat()}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))


_ENVELOPE = EnvelopeSchema()


@cache
def _schema(event_type: str, version: int) -> Schema | None:
    """One instance per schema: building marshmallow schemas is the costly part of parsing."""
    schema_cls = schema_for(event_type, version)
    return schema_cls() if schema_cls else None


def _validated_data(event_type: str, version: int, data: dict) -> dict:
    schema = _schema(event_type, version)
    if schema is None:
        raise InvalidEvent(f"unknown event type {event_type!r} version {version}")
    try:
        return schema.dump(schema.load(data))
    except ValidationError as err:
        raise InvalidEvent(f"invalid data for {event_type} v{version}: {err.messages}") from err


def new_event(
    event_type: str,
    aggregate_id: str,
    data: dict,
    *,
    producer: str,
    request_id: str | None = None,
    version: int | None = None,
) -> Event:
    """Build an event, checking its data against the registered schema."""
    version = version or latest_version(event_type)
    if version is None:
        raise InvalidEvent(f"unknown event type {event_type!r}")
    return Event(
        id=str(uuid.uuid4()),
        type=event_type,
        version=version,
        occurred_at=datetime.now(UTC),
        producer=producer,
        aggregate_id=str(aggregate_id),
        request_id=request_id,
        data=_validated_data(event_type, version, data),
    )


def parse_event(raw: bytes | str | dict) -> Event:
    """Parse and validate a message; raise InvalidEvent with the reason if it is not one."""
    try:
        payload = raw if isinstance(raw, dict) else json.loads(raw)
    except (ValueError, UnicodeDecodeError) as err:
        raise InvalidEvent(f"not JSON: {err}") from err
    if not isinstance(payload, dict):
        raise InvalidEvent("envelope must be a JSON object")
    try:
        env = _ENVELOPE.load(payload)
    except ValidationError as err:
        raise InvalidEvent(f"malformed envelope: {err.messages}") from err
    data = _validated_data(env["type"], env["version"], env["data"])
    return Event(
        id=str(env["id"]),
        type=env["type"],
        version=env["version"],
        occurred_at=env["occurred_at"].astimezone(UTC),
        producer=env["producer"],
        aggregate_id=env["aggregate_id"],
        request_id=env["request_id"],
        data=data,
    )
