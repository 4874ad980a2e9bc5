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
from services.merchant.domain.api_key import ApiKey
from services.merchant.domain.merchant import Merchant
from services.merchant.domain.store import Store
from shared.rows import from_row, row_by_key


def _columns(merchant: Merchant) -> dict:
    """The merchants row of a merchant (its categories and stores have tables of their own)."""
    values = asdict(merchant)
    del values["categories"], values["stores"]
    return values


class MerchantRepository:
    """Merchants with their stores, their API keys (domain objects) and redemption totals, in
    the unit of work's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, merchant: Merchant) -> None:
        """Store a new merchant with its categories and stores."""
        self.session.execute(insert(merchants).values(**_columns(merchant)))
        self.set_categories(merchant.id, merchant.categories)
        for store in merchant.stores:
            self.add_store(merchant.id, store, merchant.created_at)

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
    def add_store(self, merchant_id: str, store: Store, at: datetime) -> None:
        """Store a new store of the merchant, added `at` (stores are listed oldest first)."""
        row = {**asdict(store), "merchant_id": merchant_id, "created_at": at}
        self.session.execute(insert(stores).values(**row))

    def save_store(self, merchant_id: str, store: Store) -> bool:
        """Store the details of one of the merchant's stores."""
        query = update(stores).where(stores.c.id == store.id, stores.c.merchant_id == merchant_id)
        values = {k: v for k, v in asdict(store).items() if k != "id"}
        return self.session.execute(query.values(**values)).rowcount == 1

    def delete_store(self, merchant_id: str, store_id: str) -> bool:
        query = delete(stores).where(stores.c.id == store_id, stores.c.merchant_id == merchant_id)
        return self.session.execute(query).rowcount == 1

    # API keys
    def add_key(self, key: ApiKey) -> None:
        self.session.execute(insert(api_keys).values(**asdict(key)))

    def active_keys(self, merchant_id: str) -> list[ApiKey]:
        query = select(api_keys).where(
            api_keys.c.merchant_id == merchant_id, api_keys.c.revoked_at.is_(None)
        )
        return [from_row(ApiKey, r) for r in self.session.execute(query)]

    def save_key(self, key: ApiKey) -> bool:
        """Store a key's revocation, unless it was revoked meanwhile (the first one stands)."""
        query = update(api_keys).where(api_keys.c.id == key.id, api_keys.c.revoked_at.is_(None))
        return self.session.execute(query.values(revoked_at=key.revoked_at)).rowcount == 1

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
