"""Read-only queries behind settlement statements and KPIs, summed by the database.

Both grow with the ledger, so no row of it is loaded: statements are one GROUP BY over
(merchant, period).
"""

from __future__ import annotations

from sqlalchemy import and_, case, func, select, tuple_
from sqlalchemy.orm import Session

from services.voucher.adapters.orm import campaigns, ledger, redemptions, vouchers
from services.voucher.domain.settlement import REDEMPTION, REVERSAL, Statement


def _sum_of(kind: str, value) -> object:
    return func.coalesce(func.sum(case((ledger.c.kind == kind, value), else_=0)), 0)


STATEMENT_COLUMNS = (
    ledger.c.merchant_id,
    ledger.c.period,
    _sum_of(REDEMPTION, 1).label("redemptions"),
    _sum_of(REDEMPTION, ledger.c.amount).label("redeemed_subsidy"),
    _sum_of(REVERSAL, 1).label("reversals"),
    (-_sum_of(REVERSAL, ledger.c.amount)).label("reversed_subsidy"),
)


def _filter(merchant_id: str | None, period: str | None):
    where = []
    if merchant_id is not None:  # None only for ops; an empty id matches nothing
        where.append(ledger.c.merchant_id == merchant_id)
    if period:
        where.append(ledger.c.period == period)
    return and_(True, *where)


def statements(
    session: Session,
    merchant_id: str | None,
    period: str | None,
    after: tuple[str, str] | None = None,
    limit: int | None = None,
) -> list[Statement]:
    """Return statements by (merchant, period): after `after`, at most `limit` if given."""
    query = select(*STATEMENT_COLUMNS).where(_filter(merchant_id, period))
    query = query.group_by(ledger.c.merchant_id, ledger.c.period)
    query = query.order_by(ledger.c.merchant_id, ledger.c.period)
    if after is not None:
        query = query.where(tuple_(ledger.c.merchant_id, ledger.c.period) > after)
    if limit is not None:
        query = query.limit(limit)
    rows = session.execute(query).all()
    return [Statement(*(r[:2]), *(int(v) for v in r[2:])) for r in rows]


def net_total(session: Session, merchant_id: str | None, period: str | None) -> int:
    """Return the net subsidy over everything the filter selects."""
    total = select(func.coalesce(func.sum(ledger.c.amount), 0))
    return int(session.execute(total.where(_filter(merchant_id, period))).scalar_one())


def service_counts(session: Session) -> tuple[int, int]:
    """Return how many vouchers were claimed and how many redeemed, ever."""
    claims = session.execute(select(func.count()).select_from(vouchers)).scalar_one()
    used = session.execute(select(func.count()).select_from(redemptions)).scalar_one()
    return claims, used


def subsidy_by_campaign(session: Session) -> list:
    """Return each campaign's (id, name, budget, committed, spent), oldest first."""
    committed = (
        select(vouchers.c.campaign_id, func.sum(vouchers.c.subsidy).label("amount"))
        .group_by(vouchers.c.campaign_id)
        .subquery()
    )
    spent = (
        select(ledger.c.campaign_id, func.sum(ledger.c.amount).label("amount"))
        .group_by(ledger.c.campaign_id)
        .subquery()
    )
    by_campaign = (
        select(
            campaigns.c.id,
            campaigns.c.name,
            campaigns.c.budget,
            func.coalesce(committed.c.amount, 0).label("committed"),
            func.coalesce(spent.c.amount, 0).label("spent"),
        )
        .outerjoin(committed, committed.c.campaign_id == campaigns.c.id)
        .outerjoin(spent, spent.c.campaign_id == campaigns.c.id)
        .order_by(campaigns.c.created_at, campaigns.c.id)
    )
    return session.execute(by_campaign).all()
