"""Settlement statements, KPIs and ops' CSV export."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from services.voucher.adapters.orm import campaigns, ledger, redemptions, vouchers
from services.voucher.domain.settlement import statements
from services.voucher.service_layer.context import VoucherContext

CSV_COLUMNS = (
    "merchant_id", "period", "redemptions", "redeemed_subsidy", "reversals",
    "reversed_subsidy", "net_subsidy",
)  # fmt: skip


def settlement(ctx: VoucherContext, merchant_id: str | None, period: str | None) -> dict:
    """Statements per merchant and period, summed from the ledger, and their grand total."""
    query = select(ledger.c.merchant_id, ledger.c.period, ledger.c.kind, ledger.c.amount)
    if merchant_id is not None:  # None only for ops; an empty id matches nothing
        query = query.where(ledger.c.merchant_id == merchant_id)
    if period:
        query = query.where(ledger.c.period == period)
    with ctx.session_factory() as session:
        entries = [tuple(r) for r in session.execute(query)]
    items = [s.to_dict() for s in statements(entries)]
    return {
        "period": period,
        "items": items,
        "total_net_subsidy": sum(i["net_subsidy"] for i in items),
    }


def settlement_csv(report: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(report["items"])
    return out.getvalue()


def kpis(ctx: VoucherContext) -> dict:
    """Member services counted (claims and redemptions) and subsidy by campaign."""
    with ctx.session_factory() as session:
        claims = session.execute(select(func.count()).select_from(vouchers)).scalar_one()
        used = session.execute(select(func.count()).select_from(redemptions)).scalar_one()
        committed = dict(
            session.execute(
                select(vouchers.c.campaign_id, func.sum(vouchers.c.subsidy)).group_by(
                    vouchers.c.campaign_id
                )
            ).all()
        )
        spent = dict(
            session.execute(
                select(ledger.c.campaign_id, func.sum(ledger.c.amount)).group_by(
                    ledger.c.campaign_id
                )
            ).all()
        )
        rows = session.execute(
            select(campaigns.c.id, campaigns.c.name, campaigns.c.budget).order_by(
                campaigns.c.created_at
            )
        ).all()
    by_campaign = [
        {
            "campaign_id": r.id,
            "name": r.name,
            "budget": r.budget,
            "committed": int(committed.get(r.id) or 0),
            "spent": int(spent.get(r.id) or 0),
            "remaining": r.budget - int(spent.get(r.id) or 0),
        }
        for r in rows
    ]
    return {
        "member_services": {"claims": claims, "redemptions": used, "total": claims + used},
        "subsidy_by_campaign": by_campaign,
    }
