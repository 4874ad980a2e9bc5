"""A page request is one `Page`: the query loads into it, and it cuts what a query read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from marshmallow import ValidationError, fields

from shared.errors import Invalid
from shared.pagination import Page, PageQuery, encode_cursor, time_and_id

T0 = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
ROWS = [{"id": f"r{n}", "at": T0 - timedelta(minutes=n)} for n in range(5)]


def position(row: dict) -> dict:
    return time_and_id(row["at"], row["id"])


class StatusQuery(PageQuery):
    status = fields.String()


def test_a_query_loads_its_limit_and_cursor_as_one_page_beside_its_filters():
    cursor = encode_cursor(position(ROWS[0]))
    loaded = StatusQuery().load({"limit": "3", "cursor": cursor, "status": "issued"})
    assert loaded == {"status": "issued", "page": Page(3, cursor)}
    assert StatusQuery().load({}) == {"page": Page(20, None)}


def test_a_page_outside_its_bounds_is_refused_by_the_query():
    for bad in ({"limit": "0"}, {"limit": "101"}, {"cursor": "not a cursor"}):
        with pytest.raises(ValidationError):
            PageQuery().load(bad)


def test_one_row_more_than_the_limit_is_read_and_only_says_another_page_follows():
    page = Page(limit=2)
    assert page.fetch == 3
    shown, next_cursor = page.cut(ROWS[:3], position)
    assert shown == ROWS[:2]
    assert Page(2, next_cursor).after_time_and_id() == (ROWS[1]["at"], "r1")


def test_the_last_page_has_no_next_cursor():
    assert Page(limit=5).cut(ROWS, position) == (ROWS, None)
    assert Page(limit=5).answer([], position) == {"items": [], "next_cursor": None}


def test_an_answer_shows_each_row_its_own_way():
    answer = Page(limit=2).answer(ROWS[:3], position, lambda row: row["id"])
    assert answer["items"] == ["r0", "r1"]
    assert Page(2, answer["next_cursor"]).position() == position(ROWS[1])


def test_a_crafted_cursor_is_invalid_when_the_page_reads_it():
    with pytest.raises(Invalid):
        Page(cursor=encode_cursor({"t": "yesterday", "id": "x"})).after_time_and_id()
