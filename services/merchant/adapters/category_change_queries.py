"""Read-only queries of category changes: the queue ops work through."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.merchant.adapters.orm import category_changes
from services.merchant.domain.category_change import CategoryChange
from shared.keyset import time_and_id_page
from shared.pagination import Page
from shared.rows import from_row


def queue(session: Session, *, status: str, page: Page) -> list[CategoryChange]:
    """Return a page of the requests of one status, oldest first."""
    t = category_changes
    query = time_and_id_page(select(t).where(t.c.status == status), t.c.requested_at, t.c.id, page)
    return [from_row(CategoryChange, r) for r in session.execute(query)]
