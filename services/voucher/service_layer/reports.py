"""Settlement statements, KPIs and ops' CSV export, summed by the database.

Both reports grow with the ledger, so no row of it is loaded here (adapters/report_queries.py):
statements are one GROUP BY over (merchant, period); without a period they come a page at a time.
"""

from __future__ import annotations

import csv
import io

from services.voucher.adapters import report_queries as queries
from services.voucher.service_layer.context import VoucherContext
from shared.pagination import cursor_text, decode_cursor, encode_cursor

CSV_COLUMNS = (
    "merchant_id", "period", "redemptions", "redeemed_subsidy", "reversals",
    "reversed_subsidy", "net_subsidy",
)  # fmt: skip


def settlement(
    ctx: VoucherContext,
    merchant_id: str | None,
    period: str | None,
    limit: int | None = None,
    cursor: str | None = None,
) -> dict:
    """Statements per merchant and period and their grand total; a page of `limit` by
    (merchant, period) when no period is named."""
    paged = not period and limit is not None
    after = None
    if paged:
        position = decode_cursor(cursor)
        if position is not None:
            after = (cursor_text(position.get("m")), cursor_text(position.get("p")))
    with ctx.session_factory() as session:
        found = queries.statements(
            session, merchant_id, period, after, limit + 1 if paged else None
        )
        total_net = queries.net_total(session, merchant_id, period)
    more = paged and len(found) > limit
    found = found[:limit] if paged else found
    items = [s.to_dict() for s in found]
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
