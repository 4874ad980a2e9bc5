"""Cursor paging: `limit` (default 20, max 100) and an opaque `cursor`."""

from __future__ import annotations

import base64
import json
from datetime import datetime

from marshmallow import Schema, fields, validate

from shared.errors import Invalid
from shared.web.full_match import FullMatch

CURSOR_PATTERN = r"^(eyJ[A-Za-z0-9_-]*)?$"


class PageQuery(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(
        load_default=None,
        # `encode_cursor`'s shape, documented as the pattern: unpadded base64url of a JSON
        # object whose first key is a lower-case name, so it always begins `{"` + letter: "eyJ"
        validate=[validate.Length(max=500), FullMatch(CURSOR_PATTERN, error="Not a cursor.")],
        metadata={"description": "`next_cursor` of the previous page, as it came."},
    )


def page_fields() -> dict:
    """Fields to add to a list response schema."""
    return {"next_cursor": fields.String(allow_none=True)}


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """Return the list response schema `{"items": [item, ...], "next_cursor": str | null}`."""
    return Schema.from_dict({"items": fields.List(fields.Nested(item)), **page_fields()}, name=name)


def encode_cursor(position: dict) -> str:
    """Wrap the last row's sort key so the client cannot depend on its shape."""
    raw = json.dumps(position, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as err:
        raise Invalid(
            "The cursor is not valid.", errors={"cursor": ["Not a valid cursor."]}
        ) from err
    if not isinstance(value, dict):
        raise _bad_cursor()
    return value


def _bad_cursor() -> Invalid:
    return Invalid("The cursor is not valid.", errors={"cursor": ["Not a valid cursor."]})


def cursor_time(value: object) -> datetime:
    """Read a cursor's timestamp: ISO 8601 with a timezone, or Invalid (never a 500)."""
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise _bad_cursor()
    return parsed


def cursor_text(value: object, max_length: int = 200) -> str:
    """Read a cursor's string field (an id, a sort key), or Invalid."""
    if not isinstance(value, str) or len(value) > max_length:
        raise _bad_cursor()
    return value


def time_and_id_after(cursor: str | None) -> tuple[datetime, str] | None:
    """Return the (time, id) of the last row a newest-first cursor saw; None on the first page."""
    position = decode_cursor(cursor)
    if not position:
        return None
    return cursor_time(position.get("t")), cursor_text(position.get("id"))


def cursor_int(value: object, maximum: int = 2**62) -> int:
    """Read a cursor's integer field within the database's range, or Invalid."""
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > maximum:
        raise _bad_cursor()
    return value
