"""Merchants, their categories, stores, API keys and redemption totals, in SQL."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from services.merchant.adapters.orm import (
    api_keys,
    merchant_categories,
    merchants,
    redemption_totals,
    stores,
)
from services.merchant.adapters.repository import merchants_from_rows
from services.merchant.domain.merchant import Merchant
from shared.rows import row_by_key


def _columns(merchant: Merchant) -> dict:
    """The merchants row of a merchant (its categories and stores have tables of their own)."""
    values = asdict(merchant)
    del values["categories"], values["stores"]
    return values


class MerchantRepository:
    """Merchants (domain objects), their stores, keys and totals, in the unit of work's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, merchant: Merchant) -> None:
        """Store a new merchant with its categories and stores."""
        self.session.execute(insert(merchants).values(**_columns(merchant)))
        self.set_categories(merchant.id, merchant.categories)
        for store in merchant.stores:
            self.add_store({**store, "merchant_id": merchant.id, "created_at": merchant.created_at})

    def set_categories(self, merchant_id: str, categories: list[str]) -> None:
        mc = merchant_categories
        self.session.execute(delete(mc).where(mc.c.merchant_id == merchant_id))
        if categories:
            self.session.execute(
                insert(mc), [{"merchant_id": merchant_id, "category": c} for c in categories]
            )

    def get(self, merchant_id: str, *, lock: bool = False) -> Merchant | None:
        """The merchant with its categories and stores, or None."""
        row = row_by_key(self.session, merchants.c.id, merchant_id, lock=lock)
        return merchants_from_rows(self.session, [row])[0] if row is not None else None

    def save(self, merchant: Merchant, expected_status: str | None = None) -> bool:
        """Store a merchant's own fields, if still in `expected_status` when one is given."""
        query = update(merchants).where(merchants.c.id == merchant.id)
        if expected_status:
            query = query.where(merchants.c.status == expected_status)
        values = {k: v for k, v in _columns(merchant).items() if k != "id"}
        return self.session.execute(query.values(**values)).rowcount == 1

    def touch(self, merchant_id: str, at: datetime) -> None:
        """Mark a merchant changed (its stores or categories were)."""
        self.session.execute(
            update(merchants).where(merchants.c.id == merchant_id).values(updated_at=at)
        )

    # stores
    def add_store(self, row: dict) -> None:
        self.session.execute(insert(stores).values(**row))

    def update_store(self, merchant_id: str, store_id: str, **values: object) -> bool:
        query = update(stores).where(stores.c.id == store_id, stores.c.merchant_id == merchant_id)
        return self.session.execute(query.values(**values)).rowcount == 1

    def delete_store(self, merchant_id: str, store_id: str) -> bool:
        query = delete(stores).where(stores.c.id == store_id, stores.c.merchant_id == merchant_id)
        return self.session.execute(query).rowcount == 1

    # API keys
    def add_key(self, row: dict) -> None:
        self.session.execute(insert(api_keys).values(**row))

    def active_keys(self, merchant_id: str) -> list[dict]:
        query = select(api_keys).where(
            api_keys.c.merchant_id == merchant_id, api_keys.c.revoked_at.is_(None)
        )
        return [dict(r._mapping) for r in self.session.execute(query)]

    def revoke_keys(self, merchant_id: str, at: datetime) -> list[str]:
        """Revoke every active key of a merchant; return their hashes (for the cache)."""
        hashes = [k["key_hash"] for k in self.active_keys(merchant_id)]
        self.session.execute(
            update(api_keys)
            .where(api_keys.c.merchant_id == merchant_id, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return hashes

    # redemption totals
    def add_to_totals(self, merchant_id: str, at: datetime, **deltas: int) -> None:
        """Add (or subtract) amounts atomically in SQL, creating the row on first use."""
        t = redemption_totals
        values = {k: getattr(t.c, k) + v for k, v in deltas.items()}
        if self.session.execute(
            update(t).where(t.c.merchant_id == merchant_id).values(updated_at=at, **values)
        ).rowcount:
            return
        row = dict.fromkeys(("redeemed", "reversed", "order_amount", "discount", "subsidy"), 0)
        row.update(deltas)
        self.session.execute(insert(t).values(merchant_id=merchant_id, updated_at=at, **row))
