"""Keyset cursors over (timestamp, id), wrapped by shared.pagination."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from shared.pagination import encode_cursor

T = TypeVar("T")


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
