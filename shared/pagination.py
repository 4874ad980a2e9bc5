"""Cursor paging: `limit` (default 20, max 100) and an opaque `cursor`, as one `Page`.

A list view hands its loaded query on as keywords (`**query`); `PageQuery` has made `limit` and
`cursor` one `page`, so a use case is `(ctx, ..., page: Page, <filters> = None)`: it reads
`page.fetch` rows after `page.after_time_and_id()` (or `page.position()`) and answers
`page.answer(rows, position, show)`.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from marshmallow import Schema, fields, post_load, validate

from shared.errors import Invalid
from shared.web.full_match import FullMatch

CURSOR_PATTERN = r"^(eyJ[A-Za-z0-9_-]*)?$"
T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """A page asked for: at most `limit` items after the one `cursor` names (None: the first)."""

    limit: int = 20
    cursor: str | None = None

    @property
    def fetch(self) -> int:
        """Rows to read: one more than is shown says whether another page follows."""
        return self.limit + 1

    def position(self) -> dict | None:
        """What the cursor holds of the last item seen (Invalid if it is not one of ours)."""
        return decode_cursor(self.cursor)

    def after_time_and_id(self) -> tuple[datetime, str] | None:
        """The (time, id) of the last item seen in a list ordered by (time, id)."""
        return time_and_id_after(self.cursor)

    def cut(self, rows: Sequence[T], position: Callable[[T], dict]) -> tuple[list[T], str | None]:
        """Return the first `limit` of `fetch` rows and the cursor of the page after them.

        `position(row)` is what the cursor keeps of the last row shown (`time_and_id(...)`)."""
        if len(rows) <= self.limit:
            return list(rows), None
        shown = list(rows[: self.limit])
        return shown, encode_cursor(position(shown[-1]))

    def answer(
        self,
        rows: Sequence[T],
        position: Callable[[T], dict],
        show: Callable[[T], object] | None = None,
    ) -> dict:
        """The list answer `{"items": [...], "next_cursor": ...}` (`page_of`) of `fetch` rows,
        each item `show(row)` (the row itself by default)."""
        shown, next_cursor = self.cut(rows, position)
        items = shown if show is None else [show(row) for row in shown]
        return {"items": items, "next_cursor": next_cursor}


class PageQuery(Schema):
    """`limit` and `cursor` in the query string, loaded as one `page` (a `Page`)."""

    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(
        load_default=None,
        # `encode_cursor`'s shape, documented as the pattern: unpadded base64url of a JSON
        # object whose first key is a lower-case name, so it always begins `{"` + letter: "eyJ"
        validate=[validate.Length(max=500), FullMatch(CURSOR_PATTERN, error="Not a cursor.")],
        metadata={"description": "`next_cursor` of the previous page, as it came."},
    )

    @post_load
    def _one_page(self, data: dict, **_: object) -> dict:
        filters = {k: v for k, v in data.items() if k not in ("limit", "cursor")}
        return {**filters, "page": Page(data["limit"], data["cursor"])}


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


def time_and_id(at: datetime, row_id: str) -> dict:
    """The position of a row in a list ordered by (time, id), as `time_and_id_after` reads it."""
    return {"t": at.isoformat(), "id": row_id}


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
    """Return the (time, id) of the last row a cursor saw (see `time_and_id`); None at first."""
    position = decode_cursor(cursor)
    if not position:
        return None
    return cursor_time(position.get("t")), cursor_text(position.get("id"))


def cursor_int(value: object, maximum: int = 2**62) -> int:
    """Read a cursor's integer field within the database's range, or Invalid."""
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > maximum:
        raise _bad_cursor()
    return value
