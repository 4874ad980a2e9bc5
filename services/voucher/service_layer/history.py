"""What members and merchants see of their own vouchers and redemptions."""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from services.voucher.adapters.orm import campaigns, redemptions, vouchers
from services.voucher.service_layer.context import VoucherContext
from services.voucher.service_layer.views import voucher_view
from shared.errors import Invalid
from shared.pagination import cursor_text, cursor_time, decode_cursor, encode_cursor


def _after(cursor: str | None, time_col, id_col):
    """Return the keyset condition for rows after the cursor, newest first."""
    position = decode_cursor(cursor)
    if not position:
        return None
    try:
        at = cursor_time(position.get("t"))
        last_id = cursor_text(position.get("id"))
    except (KeyError, TypeError, ValueError) as err:
        raise Invalid(
            "The cursor is not valid.", errors={"cursor": ["Not a valid cursor."]}
        ) from err
    return or_(time_col < at, and_(time_col == at, id_col < last_id))


def _page(rows: list[dict], limit: int, time_key: str) -> dict:
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = (
        encode_cursor({"t": rows[-1][time_key].isoformat(), "id": rows[-1]["id"]}) if more else None
    )
    return {"items": rows, "next_cursor": nxt}


def member_vouchers(ctx: VoucherContext, member_id: str, q: dict) -> dict:
    query = (
        select(vouchers, campaigns.c.benefit, campaigns.c.name.label("campaign_name"))
        .join(campaigns, campaigns.c.id == vouchers.c.campaign_id)
        .where(vouchers.c.member_id == member_id)
        .order_by(vouchers.c.claimed_at.desc(), vouchers.c.id.desc())
        .limit(q["limit"] + 1)
    )
    if q.get("status"):
        query = query.where(vouchers.c.status == q["status"])
    cond = _after(q.get("cursor"), vouchers.c.claimed_at, vouchers.c.id)
    if cond is not None:
        query = query.where(cond)
    with ctx.session_factory() as session:
        rows = [dict(r._mapping) for r in session.execute(query)]
    items = [{**voucher_view(r, r["benefit"]), "campaign_name": r["campaign_name"]} for r in rows]
    return _page(items, q["limit"], "claimed_at")


def redemption_list(ctx: VoucherContext, q: dict, *, member_id=None, merchant_id=None) -> dict:
    query = (
        select(redemptions)
        .order_by(redemptions.c.redeemed_at.desc(), redemptions.c.id.desc())
        .limit(q["limit"] + 1)
    )
    # `is not None`: an empty id must match nothing, never everyone's rows.
    if member_id is not None:
        query = query.where(redemptions.c.member_id == member_id)
    if merchant_id is not None:
        query = query.where(redemptions.c.merchant_id == merchant_id)
    cond = _after(q.get("cursor"), redemptions.c.redeemed_at, redemptions.c.id)
    if cond is not None:
        query = query.where(cond)
    with ctx.session_factory() as session:
        rows = [dict(r._mapping) for r in session.execute(query)]
    return _page(rows, q["limit"], "redeemed_at")
