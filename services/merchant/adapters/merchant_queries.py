"""Read-only queries of merchants: the directory, partner counts, key lookups, totals."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from services.merchant.adapters.orm import (
    api_keys,
    merchant_categories,
    merchants,
    redemption_totals,
    stores,
)
from services.merchant.adapters.repository import categories_of as categories_of  # re-exported
from services.merchant.adapters.repository import merchants_from_rows
from services.merchant.domain.merchant import Merchant
from shared.keyset import time_and_id_page
from shared.pagination import Page


@dataclass(frozen=True)
class MerchantFilter:
    """What ops and the directory narrow merchants down by; None matches every merchant."""

    status: str | None = None
    partner_type: str | None = None
    region: str | None = None
    category: str | None = None


def search(session: Session, page: Page, where: MerchantFilter) -> list[Merchant]:
    """Return a page of merchants in approval order; region matches the seat or any store."""
    m = merchants
    query = time_and_id_page(select(m), m.c.created_at, m.c.id, page)
    if where.status:
        query = query.where(m.c.status == where.status)
    if where.partner_type:
        query = query.where(m.c.partner_type == where.partner_type)
    if region := where.region:
        in_store = exists().where(stores.c.merchant_id == m.c.id, stores.c.region == region)
        query = query.where(or_(m.c.region == region, in_store))
    if category := where.category:
        mc = merchant_categories
        query = query.where(exists().where(mc.c.merchant_id == m.c.id, mc.c.category == category))
    return merchants_from_rows(session, list(session.execute(query)))


def active_by_partner_type(session: Session) -> dict[str, int]:
    """Return how many merchants are active, by partner type."""
    m = merchants
    query = select(m.c.partner_type, func.count()).where(m.c.status == "active")
    return dict(session.execute(query.group_by(m.c.partner_type)).all())


def key_holder(session: Session, key_hash: str) -> dict | None:
    """Return the merchant_id, status and partner_type behind an active key, or None."""
    query = (
        select(api_keys.c.merchant_id, merchants.c.status, merchants.c.partner_type)
        .join(merchants, merchants.c.id == api_keys.c.merchant_id)
        .where(api_keys.c.key_hash == key_hash, api_keys.c.revoked_at.is_(None))
    )
    row = session.execute(query).first()
    return dict(row._mapping) if row else None


def redemption_totals_of(session: Session, merchant_id: str) -> dict | None:
    """Return a merchant's redemption totals row, or None before its first redemption."""
    t = redemption_totals
    row = session.execute(select(t).where(t.c.merchant_id == merchant_id)).first()
    return dict(row._mapping) if row else None
