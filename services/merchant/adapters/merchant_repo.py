"""Merchants, their categories, stores, API keys and redemption totals, in SQL."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import delete, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session

from services.merchant.adapters.orm import (
    api_keys,
    merchant_categories,
    merchants,
    redemption_totals,
    stores,
)
from services.merchant.domain.merchant import Merchant
from shared.keyset import time_and_id_page
from shared.pagination import Page
from shared.rows import from_row, row_by_key

STORE_FIELDS = ("id", "name", "address", "region", "latitude", "longitude")


def _columns(merchant: Merchant) -> dict:
    """The merchants row of a merchant (its categories and stores have tables of their own)."""
    values = asdict(merchant)
    del values["categories"], values["stores"]
    return values


class MerchantRepo:
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
        return self._complete([row])[0] if row is not None else None

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

    def search(
        self,
        page: Page,
        *,
        status: str | None = None,
        partner_type: str | None = None,
        region: str | None = None,
        category: str | None = None,
    ) -> list[Merchant]:
        """A page of merchants in approval order; region matches the seat or any store."""
        m = merchants
        query = time_and_id_page(select(m), m.c.created_at, m.c.id, page)
        if status:
            query = query.where(m.c.status == status)
        if partner_type:
            query = query.where(m.c.partner_type == partner_type)
        if region:
            in_store = exists().where(stores.c.merchant_id == m.c.id, stores.c.region == region)
            query = query.where(or_(m.c.region == region, in_store))
        if category:
            mc = merchant_categories
            query = query.where(
                exists().where(mc.c.merchant_id == m.c.id, mc.c.category == category)
            )
        return self._complete(list(self.session.execute(query)))

    def _complete(self, rows: list) -> list[Merchant]:
        ids = [r.id for r in rows]
        cats, stores_by_id = self.categories_of(ids), self.stores_of(ids)
        return [
            from_row(Merchant, r, categories=cats[r.id], stores=stores_by_id[r.id]) for r in rows
        ]

    def categories_of(self, merchant_ids: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {mid: [] for mid in merchant_ids}
        mc = merchant_categories
        query = select(mc).where(mc.c.merchant_id.in_(merchant_ids)).order_by(mc.c.category)
        for r in self.session.execute(query):
            out[r.merchant_id].append(r.category)
        return out

    def count_active(self) -> dict[str, int]:
        m = merchants
        query = select(m.c.partner_type, func.count()).where(m.c.status == "active")
        return dict(self.session.execute(query.group_by(m.c.partner_type)).all())

    # stores
    def stores_of(self, merchant_ids: list[str]) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {mid: [] for mid in merchant_ids}
        query = (
            select(stores)
            .where(stores.c.merchant_id.in_(merchant_ids))
            .order_by(stores.c.created_at, stores.c.id)
        )
        for r in self.session.execute(query):
            out[r.merchant_id].append({k: getattr(r, k) for k in STORE_FIELDS})
        return out

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

    def find_key(self, key_hash: str) -> dict | None:
        """The active key with this hash, with its merchant's standing."""
        query = (
            select(api_keys.c.merchant_id, merchants.c.status, merchants.c.partner_type)
            .join(merchants, merchants.c.id == api_keys.c.merchant_id)
            .where(api_keys.c.key_hash == key_hash, api_keys.c.revoked_at.is_(None))
        )
        row = self.session.execute(query).first()
        return dict(row._mapping) if row else None

    # redemption totals
    def totals(self, merchant_id: str) -> dict | None:
        t = redemption_totals
        row = self.session.execute(select(t).where(t.c.merchant_id == merchant_id)).first()
        return dict(row._mapping) if row else None

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
