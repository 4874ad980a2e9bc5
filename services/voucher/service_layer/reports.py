"""Settlement statements, KPIs and ops' CSV export, summed by the database.

Both reports grow with the ledger, so no row of it is loaded here: statements are one
GROUP BY over (merchant, period); without a period they come a page at a time.
"""

from __future__ import annotations

import csv
import io

from sqlalchemy import and_, case, func, select, tuple_

from services.voucher.adapters.orm import campaigns, ledger, redemptions, vouchers
from services.voucher.domain.settlement import REDEMPTION, REVERSAL, Statement
from services.voucher.service_layer.context import VoucherContext
from shared.pagination import cursor_text, decode_cursor, encode_cursor

CSV_COLUMNS = (
    "merchant_id", "period", "redemptions", "redeemed_subsidy", "reversals",
    "reversed_subsidy", "net_subsidy",
)  # fmt: skip


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


def settlement(
    ctx: VoucherContext,
    merchant_id: str | None,
    period: str | None,
    limit: int | None = None,
    cursor: str | None = None,
) -> dict:
    """Statements per merchant and period and their grand total; a page of `limit` by
    (merchant, period) when no period is named."""
    where = []
    if merchant_id is not None:  # None only for ops; an empty id matches nothing
        where.append(ledger.c.merchant_id == merchant_id)
    if period:
        where.append(ledger.c.period == period)
    query = select(*STATEMENT_COLUMNS).where(and_(True, *where))
    query = query.group_by(ledger.c.merchant_id, ledger.c.period)
    query = query.order_by(ledger.c.merchant_id, ledger.c.period)
    paged = not period and limit is not None
    if paged:
        after = decode_cursor(cursor)
        if after is not None:
            key = (cursor_text(after.get("m")), cursor_text(after.get("p")))
            query = query.where(tuple_(ledger.c.merchant_id, ledger.c.period) > key)
        query = query.limit(limit + 1)
    total = select(func.coalesce(func.sum(ledger.c.amount), 0)).where(and_(True, *where))
    with ctx.session_factory() as session:
        rows = session.execute(query).all()
        total_net = int(session.execute(total).scalar_one())
    more = paged and len(rows) > limit
    rows = rows[:limit] if paged else rows
    items = [Statement(*(r[:2]), *(int(v) for v in r[2:])).to_dict() for r in rows]
    last = items[-1] if items else None
    return {
        "period": period,
        "items": items,
        "total_net_subsidy": total_net,
        "next_cursor": encode_cursor({"m": last["merchant_id"], "p": last["period"]})
        if more and last
        else None,
    }


def settlement_csv(report: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(report["items"])
    return out.getvalue()


def kpis(ctx: VoucherContext) -> dict:
    """Member services counted (claims and redemptions) and subsidy by campaign."""
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
    with ctx.session_factory() as session:
        claims = session.execute(select(func.count()).select_from(vouchers)).scalar_one()
        used = session.execute(select(func.count()).select_from(redemptions)).scalar_one()
        rows = session.execute(by_campaign).all()
    return {
        "member_services": {"claims": claims, "redemptions": used, "total": claims + used},
        "subsidy_by_campaign": [
            {
                "campaign_id": r.id,
                "name": r.name,
                "budget": r.budget,
                "committed": int(r.committed),
                "spent": int(r.spent),
                "remaining": r.budget - int(r.spent),
            }
            for r in rows
        ],
    }
