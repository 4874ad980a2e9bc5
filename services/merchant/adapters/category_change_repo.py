"""Category changes waiting for ops, in SQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.merchant.adapters.keyset import after_position
from services.merchant.adapters.orm import category_changes
from shared.db import row_by_key


class CategoryChangeRepo:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: dict) -> None:
        self.session.execute(insert(category_changes).values(**row))

    def get(self, change_id: str, *, lock: bool = False) -> dict | None:
        row = row_by_key(self.session, category_changes.c.id, change_id, lock=lock)
        return dict(row._mapping) if row else None

    def pending_of(self, merchant_id: str) -> dict | None:
        t = category_changes
        row = self.session.execute(
            select(t).where(t.c.merchant_id == merchant_id, t.c.status == "pending")
        ).first()
        return dict(row._mapping) if row else None

    def update(self, change_id: str, expected_status: str, **values: object) -> bool:
        t = category_changes
        result = self.session.execute(
            update(t).where(t.c.id == change_id, t.c.status == expected_status).values(**values)
        )
        return result.rowcount == 1

    def queue(self, *, status: str, after: tuple[datetime, str] | None, limit: int) -> list[dict]:
        """Requests of one status, oldest first."""
        t = category_changes
        query = (
            select(t).where(t.c.status == status).order_by(t.c.requested_at, t.c.id).limit(limit)
        )
        if after:
            query = query.where(after_position(t.c.requested_at, t.c.id, after))
        return [dict(r._mapping) for r in self.session.execute(query)]
