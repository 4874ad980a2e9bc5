"""Keyset cursors over (timestamp, id), wrapped by shared.pagination."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from shared.errors import Invalid
from shared.pagination import cursor_text, cursor_time, decode_cursor, encode_cursor

T = TypeVar("T")


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


def page(
    rows: list[T], limit: int, position: Callable[[T], tuple[datetime, str]]
) -> tuple[list[T], str | None]:
    """Cut the extra row fetched to know whether more follow; return rows and next cursor.

    `position(row)` is the (timestamp, id) the keyset orders by."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    at, row_id = position(rows[-1])
    return rows, encode_cursor({"t": at.isoformat(), "id": row_id})
