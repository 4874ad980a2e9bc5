"""Category changes (domain objects) waiting for ops, in SQL."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.merchant.adapters.orm import category_changes
from services.merchant.domain.category_change import CategoryChange
from services.merchant.domain.model import ChangeStatus
from shared.rows import from_row, row_by_key


class CategoryChangeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, change: CategoryChange) -> None:
        self.session.execute(insert(category_changes).values(**asdict(change)))

    def get(self, change_id: str, *, lock: bool = False) -> CategoryChange | None:
        row = row_by_key(self.session, category_changes.c.id, change_id, lock=lock)
        return from_row(CategoryChange, row) if row else None

    def pending_of(self, merchant_id: str) -> CategoryChange | None:
        t = category_changes
        row = self.session.execute(
            select(t).where(
                t.c.merchant_id == merchant_id, t.c.status == ChangeStatus.PENDING.value
            )
        ).first()
        return from_row(CategoryChange, row) if row else None

    def save(self, change: CategoryChange, expected_status: str) -> bool:
        """Store a change only if it is still in `expected_status` (no lost updates)."""
        t = category_changes
        values = {k: v for k, v in asdict(change).items() if k != "id"}
        result = self.session.execute(
            update(t).where(t.c.id == change.id, t.c.status == expected_status).values(**values)
        )
        return result.rowcount == 1
