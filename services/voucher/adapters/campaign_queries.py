"""Read-only queries of campaigns as members and ops browse them: rows out, nothing written."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.voucher.adapters.orm import campaigns, vouchers
from services.voucher.adapters.repository import campaign_from_row
from services.voucher.domain.campaign import PUBLISHED, Campaign


def open_or_upcoming(session: Session, now: datetime) -> list[tuple[dict, Campaign]]:
    """Return (row, campaign) of every published campaign whose claim window has not ended."""
    rows = session.execute(
        select(campaigns).where(campaigns.c.status == PUBLISHED, campaigns.c.claim_ends_at > now)
    ).all()
    return [(dict(r._mapping), campaign_from_row(r)) for r in rows]


def one(session: Session, campaign_id: str) -> tuple[dict, Campaign] | None:
    """Return (row, campaign) of any campaign, drafts included."""
    row = session.execute(select(campaigns).where(campaigns.c.id == campaign_id)).first()
    return (dict(row._mapping), campaign_from_row(row)) if row else None


def newest_first(session: Session, status: str | None) -> list[dict]:
    """Return the rows of every campaign (of one status if given), newest first."""
    query = select(campaigns).order_by(campaigns.c.created_at.desc(), campaigns.c.id.desc())
    if status:
        query = query.where(campaigns.c.status == status)
    return [dict(r._mapping) for r in session.execute(query)]


def claimed_counts(session: Session, campaign_ids: list[str]) -> dict[str, int]:
    """Return how many vouchers were claimed from each campaign."""
    if not campaign_ids:
        return {}
    return dict(
        session.execute(
            select(vouchers.c.campaign_id, func.count())
            .where(vouchers.c.campaign_id.in_(campaign_ids))
            .group_by(vouchers.c.campaign_id)
        ).all()
    )


def member_counts(session: Session, member_id: str, campaign_ids: list[str]) -> dict[str, int]:
    """Return how many vouchers the member holds from each campaign."""
    return dict(
        session.execute(
            select(vouchers.c.campaign_id, func.count())
            .where(vouchers.c.member_id == member_id, vouchers.c.campaign_id.in_(campaign_ids))
            .group_by(vouchers.c.campaign_id)
        ).all()
    )


def members_past_limit(session: Session, campaign_id: str, limit: int) -> int:
    """Return how many members hold more than `limit` vouchers of a campaign (0, always)."""
    per_member = (
        select(vouchers.c.member_id)
        .where(vouchers.c.campaign_id == campaign_id)
        .group_by(vouchers.c.member_id)
        .having(func.count() > limit)
        .subquery()
    )
    return session.execute(select(func.count()).select_from(per_member)).scalar_one()
