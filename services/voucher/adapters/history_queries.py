"""Read-only queries of members' vouchers and of redemptions, newest first, keyset-paged.

`after` is the (time, id) of the last row of the previous page; each query returns up to
`limit` rows, so a caller asks for one more than a page to know whether another follows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from services.voucher.adapters.orm import campaigns, redemptions, vouchers

After = tuple[datetime, str] | None
Id = str | None


def _older(time_col, id_col, after: tuple[datetime, str]):
    at, last_id = after
    return or_(time_col < at, and_(time_col == at, id_col < last_id))


def member_vouchers(
    session: Session, member_id: str, status: str | None, after: After, limit: int
) -> list[dict]:
    """Return a member's voucher rows with their campaign's benefit and name."""
    query = (
        select(vouchers, campaigns.c.benefit, campaigns.c.name.label("campaign_name"))
        .join(campaigns, campaigns.c.id == vouchers.c.campaign_id)
        .where(vouchers.c.member_id == member_id)
        .order_by(vouchers.c.claimed_at.desc(), vouchers.c.id.desc())
        .limit(limit)
    )
    if status:
        query = query.where(vouchers.c.status == status)
    if after is not None:
        query = query.where(_older(vouchers.c.claimed_at, vouchers.c.id, after))
    return [dict(r._mapping) for r in session.execute(query)]


def redemption_rows(
    session: Session, after: After, limit: int, *, member_id: Id = None, merchant_id: Id = None
) -> list[dict]:
    """Return redemption rows of a member or a merchant."""
    query = (
        select(redemptions)
        .order_by(redemptions.c.redeemed_at.desc(), redemptions.c.id.desc())
        .limit(limit)
    )
    # `is not None`: an empty id must match nothing, never everyone's rows.
    if member_id is not None:
        query = query.where(redemptions.c.member_id == member_id)
    if merchant_id is not None:
        query = query.where(redemptions.c.merchant_id == merchant_id)
    if after is not None:
        query = query.where(_older(redemptions.c.redeemed_at, redemptions.c.id, after))
    return [dict(r._mapping) for r in session.execute(query)]
