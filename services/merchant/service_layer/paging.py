"""Keyset cursors over (timestamp, id), wrapped by shared.pagination."""

from __future__ import annotations

from datetime import datetime

from shared.errors import Invalid
from shared.pagination import cursor_text, cursor_time, decode_cursor, encode_cursor


def position_after(cursor: str | None) -> tuple[datetime, str] | None:
    """Turn a cursor back into the (timestamp, id) of the last row seen."""
    position = decode_cursor(cursor)
    if not position:
        return None
    try:
        return cursor_time(position.get("t")), cursor_text(position.get("id"))
    except (KeyError, TypeError, ValueError) as err:
        raise Invalid(
            "The cursor is not valid.", errors={"cursor": ["Not a valid cursor."]}
        ) from err


def page(rows: list[dict], limit: int, time_field: str) -> tuple[list[dict], str | None]:
    """Cut the extra row fetched to know whether more follow; return rows and next cursor."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, encode_cursor({"t": last[time_field].isoformat(), "id": last["id"]})
