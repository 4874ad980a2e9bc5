"""Cursor fields are checked before a query uses them: a crafted one is `Invalid`, never a crash."""

from __future__ import annotations

import pytest

from shared.errors import Invalid
from shared.pagination import (
    cursor_int,
    cursor_text,
    cursor_time,
    encode_cursor,
    time_and_id_after,
)

CRAFTED = [
    encode_cursor({"t": "2026-11-28T10:00:00", "id": "x"}),  # no timezone
    encode_cursor({"t": 5, "id": ["x"]}),
    encode_cursor({"k": 1, "id": "x", "v": 2**70, "s": "newest"}),
    encode_cursor({"id": "x", "v": "not a number", "s": "price_asc"}),
    encode_cursor({"id": 2**80}),
    "not-base64-%%%",
]


def test_cursor_fields_are_checked():
    assert cursor_time("2026-11-28T10:00:00+00:00").tzinfo is not None
    assert cursor_text("abc") == "abc" and cursor_int(7) == 7
    for bad in (
        lambda: cursor_time("2026-11-28T10:00:00"),
        lambda: cursor_time(3),
        lambda: cursor_text(4),
        lambda: cursor_int(True),
        lambda: cursor_int(2**70),
    ):
        with pytest.raises(Invalid):
            bad()


def test_a_newest_first_cursor_reads_back_as_time_and_id():
    stamp = "2026-11-28T10:00:00+00:00"
    assert time_and_id_after(None) is None
    assert time_and_id_after(encode_cursor({"t": stamp, "id": "a-1"})) == (
        cursor_time(stamp),
        "a-1",
    )
    for bad in CRAFTED[:2] + [CRAFTED[-1], encode_cursor({"t": stamp})]:
        with pytest.raises(Invalid):
            time_and_id_after(bad)
