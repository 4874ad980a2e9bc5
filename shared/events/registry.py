"""Which event types exist, at which versions, and the schema of each one's data."""

from __future__ import annotations

from marshmallow import Schema

_SCHEMAS: dict[tuple[str, int], type[Schema]] = {}


def register(event_type: str, version: int = 1):
    """Class decorator: declare the data schema of one event type at one version."""

    def decorate(schema_cls: type[Schema]) -> type[Schema]:
        _SCHEMAS[(event_type, version)] = schema_cls
        return schema_cls

    return decorate


def schema_for(event_type: str, version: int) -> type[Schema] | None:
    return _SCHEMAS.get((event_type, version))


def known_types() -> dict[str, list[int]]:
    """Map each registered type to its versions (used by the AsyncAPI test)."""
    out: dict[str, list[int]] = {}
    for event_type, version in sorted(_SCHEMAS):
        out.setdefault(event_type, []).append(version)
    return out


def latest_version(event_type: str) -> int | None:
    versions = known_types().get(event_type)
    return max(versions) if versions else None
