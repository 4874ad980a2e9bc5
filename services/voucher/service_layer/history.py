"""What members and merchants see of their own vouchers and redemptions."""

from __future__ import annotations

from services.voucher.adapters import history_queries as queries
from services.voucher.service_layer.context import VoucherContext
from services.voucher.service_layer.views import voucher_view
from shared.pagination import encode_cursor, time_and_id_after


def _page(rows: list[dict], limit: int, time_key: str) -> dict:
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = (
        encode_cursor({"t": rows[-1][time_key].isoformat(), "id": rows[-1]["id"]}) if more else None
    )
    return {"items": rows, "next_cursor": nxt}


def member_vouchers(ctx: VoucherContext, member_id: str, q: dict) -> dict:
    after = time_and_id_after(q.get("cursor"))
    with ctx.session_factory() as session:
        rows = queries.member_vouchers(session, member_id, q.get("status"), after, q["limit"] + 1)
    items = [{**voucher_view(r, r["benefit"]), "campaign_name": r["campaign_name"]} for r in rows]
    return _page(items, q["limit"], "claimed_at")


def redemption_list(ctx: VoucherContext, q: dict, *, member_id=None, merchant_id=None) -> dict:
    after = time_and_id_after(q.get("cursor"))
    with ctx.session_factory() as session:
        rows = queries.redemption_rows(
            session, after, q["limit"] + 1, member_id=member_id, merchant_id=merchant_id
        )
    return _page(rows, q["limit"], "redeemed_at")
