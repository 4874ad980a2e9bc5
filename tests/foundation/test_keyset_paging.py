"""A (time, id) keyset pages through every row once, in order, even where times tie.

On the database MALL_TEST_DB names (SQLite or PostgreSQL): the comparison of aware UTC times and
ids runs in SQL, so each backend is checked on its own.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import MetaData, Table, insert, select

from shared import db
from shared.db_columns import key, moment
from shared.keyset import time_and_id_page
from shared.pagination import Page, time_and_id

metadata = MetaData()
rows = Table("keyset_rows", metadata, key("id", 36), moment("at"))
T0 = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
# Seven rows over three moments: ties are where a keyset on time alone would skip or repeat.
SEEDED = [(f"r{n}", T0 + timedelta(seconds=n // 3)) for n in range(7)]


@pytest.fixture
def session(database_url):
    engine = db.make_engine(database_url)
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(rows), [{"id": i, "at": at} for i, at in SEEDED])
    with db.make_session_factory(engine)() as session:
        yield session
    engine.dispose()


def _walk(session, limit: int, newest_first: bool) -> list[list[str]]:
    pages, cursor = [], None
    for _ in range(len(SEEDED) + 1):  # a cursor that does not move on fails, not hangs
        page = Page(limit, cursor)
        query = time_and_id_page(
            select(rows), rows.c.at, rows.c.id, page, newest_first=newest_first
        )
        found = session.execute(query).all()
        answer = page.answer(found, lambda r: time_and_id(r.at, r.id), lambda r: r.id)
        pages.append(answer["items"])
        if not (cursor := answer["next_cursor"]):
            return pages
    return pages


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 20])
def test_oldest_first_pages_hold_every_row_once_in_order(session, limit):
    pages = _walk(session, limit, newest_first=False)
    assert [i for p in pages for i in p] == [
        i for i, _ in sorted(SEEDED, key=lambda r: (r[1], r[0]))
    ]
    assert all(len(p) == limit for p in pages[:-1]) and 0 < len(pages[-1]) <= limit


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 20])
def test_newest_first_pages_hold_every_row_once_in_order(session, limit):
    pages = _walk(session, limit, newest_first=True)
    newest = sorted(SEEDED, key=lambda r: (r[1], r[0]), reverse=True)
    assert [i for p in pages for i in p] == [i for i, _ in newest]
