"""Settlement statements, KPIs and ops' CSV export, summed by the database.

Both reports grow with the ledger, so no row of it is loaded here (adapters/report_queries.py):
statements are one GROUP BY over (merchant, period); without a period they come a page at a time.
"""

from __future__ import annotations

import csv
import io

from services.voucher.adapters import report_queries as queries
from services.voucher.service_layer.context import VoucherContext
from services.voucher.service_layer.views import statement_view
from shared.pagination import Page, cursor_text

CSV_COLUMNS = (
    "merchant_id", "period", "redemptions", "redeemed_subsidy", "reversals",
    "reversed_subsidy", "net_subsidy",
)  # fmt: skip


def settlement(
    ctx: VoucherContext, merchant_id: str | None, *, page: Page, period: str | None = None
) -> dict:
    """Statements per merchant and period and their grand total: those of one period, or
    without a period a page of them by (merchant, period)."""
    position = None if period else page.position()
    after = None
    if position is not None:
        after = (cursor_text(position.get("m")), cursor_text(position.get("p")))
    with ctx.session_factory() as session:
        found = queries.statements(
            session, merchant_id, period, after, None if period else page.fetch
        )
        total_net = queries.net_total(session, merchant_id, period)
    next_cursor = None
    if not period:
        found, next_cursor = page.cut(found, lambda s: {"m": s.merchant_id, "p": s.period})
    return {
        "period": period,
        "items": [statement_view(s) for s in found],
        "total_net_subsidy": total_net,
        "next_cursor": next_cursor,
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
        claims, used = queries.service_counts(session)
        rows = queries.subsidy_by_campaign(session)
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
