"""Merchant (with its stores) and application rows to domain objects, shared by the
repositories and the queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.merchant.adapters.orm import merchant_categories, stores
from services.merchant.domain.application import Application
from services.merchant.domain.merchant import Merchant
from services.merchant.domain.store import Store
from shared.rows import from_row


def application_from_row(row) -> Application:
    return from_row(Application, row)


def merchants_from_rows(session: Session, rows: list) -> list[Merchant]:
    """Merchants of `merchants` rows, each with its categories and stores."""
    ids = [r.id for r in rows]
    cats, stores_by_id = categories_of(session, ids), stores_of(session, ids)
    return [from_row(Merchant, r, categories=cats[r.id], stores=stores_by_id[r.id]) for r in rows]


def categories_of(session: Session, merchant_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {mid: [] for mid in merchant_ids}
    mc = merchant_categories
    query = select(mc).where(mc.c.merchant_id.in_(merchant_ids)).order_by(mc.c.category)
    for r in session.execute(query):
        out[r.merchant_id].append(r.category)
    return out


def stores_of(session: Session, merchant_ids: list[str]) -> dict[str, list[Store]]:
    out: dict[str, list[Store]] = {mid: [] for mid in merchant_ids}
    query = (
        select(stores)
        .where(stores.c.merchant_id.in_(merchant_ids))
        .order_by(stores.c.created_at, stores.c.id)
    )
    for r in session.execute(query):
        out[r.merchant_id].append(from_row(Store, r))
    return out
