"""The keyset every (time, id)-ordered list pages with, as SQLAlchemy (see shared.pagination)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, or_

from shared.pagination import Page


def time_and_id_page(
    query: Select, at: ColumnElement, row_id: ColumnElement, page: Page, *, newest_first=False
) -> Select:
    """Order `query` by (at, id) and keep the `page.fetch` rows after the last one the cursor saw.

    The service layer shows them with `page.answer(rows, lambda r: time_and_id(r.at, r.id))`."""
    after = page.after_time_and_id()
    if newest_first:
        query = query.order_by(at.desc(), row_id.desc())
        if after is not None:
            query = query.where(or_(at < after[0], and_(at == after[0], row_id < after[1])))
    else:
        query = query.order_by(at, row_id)
        if after is not None:
            query = query.where(or_(at > after[0], and_(at == after[0], row_id > after[1])))
    return query.limit(page.fetch)
