"""Read-only queries of members' vouchers and of redemptions: a `Page` of them, newest first."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.voucher.adapters.orm import campaigns, redemptions, vouchers
from services.voucher.domain.voucher import Voucher
from shared.keyset import time_and_id_page
from shared.pagination import Page
from shared.rows import from_row

Id = str | None


class HeldVoucher(NamedTuple):
    """A member's voucher with what its campaign adds to the member's list."""

    voucher: Voucher
    benefit: dict
    campaign_name: str


def member_vouchers(
    session: Session, member_id: str, status: str | None, page: Page
) -> list[HeldVoucher]:
    """Return a member's vouchers, each with its campaign's benefit and name."""
    query = (
        select(vouchers, campaigns.c.benefit, campaigns.c.name.label("campaign_name"))
        .join(campaigns, campaigns.c.id == vouchers.c.campaign_id)
        .where(vouchers.c.member_id == member_id)
    )
    if status:
        query = query.where(vouchers.c.status == status)
    query = time_and_id_page(query, vouchers.c.claimed_at, vouchers.c.id, page, newest_first=True)
    rows = session.execute(query)
    return [HeldVoucher(from_row(Voucher, r), r.benefit, r.campaign_name) for r in rows]


def redemption_rows(
    session: Session, page: Page, *, member_id: Id = None, merchant_id: Id = None
) -> list[dict]:
    """Return redemption rows of a member or a merchant."""
    query = select(redemptions)
    # `is not None`: an empty id must match nothing, never everyone's rows.
    if member_id is not None:
        query = query.where(redemptions.c.member_id == member_id)
    if merchant_id is not None:
        query = query.where(redemptions.c.merchant_id == merchant_id)
    query = time_and_id_page(
        query, redemptions.c.redeemed_at, redemptions.c.id, page, newest_first=True
    )
    return [dict(r._mapping) for r in session.execute(query)]
