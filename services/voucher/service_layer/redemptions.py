"""Redeem a voucher at a merchant, exactly once, and reverse it within the window."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from services.voucher.adapters.orm import ledger, redemptions, vouchers
from services.voucher.adapters.repository import load_merchant
from services.voucher.domain import codes, errors
from services.voucher.domain.money import discount_for, subsidy_for
from services.voucher.domain.settlement import REDEMPTION, REVERSAL, period_of
from services.voucher.service_layer.context import VoucherContext

EVENT_FIELDS = (
    "voucher_id", "campaign_id", "member_id", "merchant_id", "store_id", "channel",
    "order_amount", "discount", "subsidy",
)  # fmt: skip


def quote(ctx: VoucherContext, merchant_id: str, cmd: dict) -> dict:
    """Price a purchase with a voucher as a redemption would, changing nothing: the till's
    preview before the cashier confirms."""
    _voucher, row = _priced(ctx, merchant_id, cmd, ctx.now())
    keep = ("campaign_id", "channel", "store_id", "order_amount", "discount", "payable", "subsidy")
    return {k: row[k] for k in keep}


def redeem(ctx: VoucherContext, merchant_id: str, cmd: dict) -> dict:
    """Accept a voucher against a purchase; return the discount and the amount payable."""
    now = ctx.now()
    voucher, row = _priced(ctx, merchant_id, cmd, now)
    code = voucher.code
    with ctx.session_factory() as session, session.begin():
        # The conditional update is the lock: of concurrent attempts exactly one matches.
        moved = session.execute(
            vouchers.update()
            .where(vouchers.c.id == voucher.id, vouchers.c.status == "issued")
            .values(status="redeemed", redeemed_at=now)
        ).rowcount
        if not moved:
            raise errors.AlreadyRedeemed()
        session.execute(redemptions.insert().values(**row))
        _ledger(session, row, REDEMPTION, row["subsidy"], now)
        ctx.emit(session, "voucher.redeemed", voucher.id, _event(row, now))
    return {**row, "code": code, "reversed_at": None}


def _priced(ctx: VoucherContext, merchant_id: str, cmd: dict, now) -> tuple:
    """Check that the voucher is usable here and now; return it with the redemption's row."""
    code = codes.normalize(cmd["code"])
    if code is None:
        raise errors.InvalidCode(errors={"code": ["Not a valid voucher code; check for a typo."]})
    with ctx.session_factory() as session:
        merchant = load_merchant(session, merchant_id)
        voucher = session.execute(select(vouchers).where(vouchers.c.code == code)).first()
    if merchant is None or merchant.status not in ("active", "suspended"):
        raise errors.MerchantNotActive()
    if merchant.status == "suspended":
        raise errors.MerchantSuspended()
    if cmd["channel"] == "offline" and cmd.get("store_id") not in merchant.store_ids:
        raise errors.UnknownStore(errors={"store_id": ["Not one of your stores."]})
    if voucher is None:
        raise errors.VoucherNotFound()
    _check_usable(voucher, now)
    campaign = ctx.campaign(voucher.campaign_id)
    campaign.check_scope(merchant, cmd["channel"], cmd.get("category"))
    order = cmd["order_amount"]
    if order < campaign.benefit.threshold:
        raise errors.BelowThreshold(threshold=campaign.benefit.threshold)
    discount = discount_for(campaign.benefit, order)
    row = {
        "id": str(uuid.uuid4()),
        "voucher_id": voucher.id,
        "campaign_id": voucher.campaign_id,
        "member_id": voucher.member_id,
        "merchant_id": merchant_id,
        "store_id": cmd.get("store_id") if cmd["channel"] == "offline" else None,
        "channel": cmd["channel"],
        "category": cmd.get("category"),
        "order_amount": order,
        "discount": discount,
        "payable": order - discount,
        "subsidy": subsidy_for(discount, voucher.subsidy),
        "redeemed_at": now,
    }
    return voucher, row


def _check_usable(voucher, now) -> None:
    if voucher.status == "redeemed":
        raise errors.AlreadyRedeemed()
    if voucher.status == "expired" or voucher.valid_until <= now:
        raise errors.VoucherExpired(valid_until=voucher.valid_until.isoformat())
    if voucher.status != "issued":
        raise errors.VoucherNotUsable(f"The voucher is {voucher.status}.")
    if now < voucher.valid_from:
        raise errors.VoucherNotYetValid(valid_from=voucher.valid_from.isoformat())


class _ReversedMeanwhile(Exception):
    """A concurrent request reversed the redemption first."""


def reverse(
    ctx: VoucherContext, merchant_id: str, redemption_id: str, reason: str | None
) -> tuple[dict, bool]:
    """Undo a redemption (a refund); return (redemption, newly reversed)."""
    try:
        return _reverse(ctx, merchant_id, redemption_id, reason)
    except _ReversedMeanwhile:
        return _load(ctx, redemption_id), False


def _reverse(
    ctx: VoucherContext, merchant_id: str, redemption_id: str, reason: str | None
) -> tuple[dict, bool]:
    now = ctx.now()
    with ctx.session_factory() as session, session.begin():
        found = session.execute(
            select(redemptions).where(
                redemptions.c.id == redemption_id, redemptions.c.merchant_id == merchant_id
            )
        ).first()
        if found is None:
            raise errors.RedemptionNotFound()
        row = dict(found._mapping)
        if row["reversed_at"] is not None:
            return row, False
        window = timedelta(hours=ctx.settings.reversal_window_hours)
        if now - row["redeemed_at"] > window:
            raise errors.ReversalWindowClosed(window_hours=ctx.settings.reversal_window_hours)
        moved = session.execute(
            redemptions.update()
            .where(redemptions.c.id == redemption_id, redemptions.c.reversed_at.is_(None))
            .values(reversed_at=now, reversal_reason=reason)
        ).rowcount
        if not moved:  # a concurrent reversal won; report its result
            raise _ReversedMeanwhile()
        session.execute(
            vouchers.update().where(vouchers.c.id == row["voucher_id"]).values(status="reversed")
        )
        _ledger(session, row, REVERSAL, -row["subsidy"], now)
        ctx.emit(session, "voucher.reversed", row["voucher_id"], _event(row, now))
    return {**row, "reversed_at": now, "reversal_reason": reason}, True


def _load(ctx: VoucherContext, redemption_id: str) -> dict:
    with ctx.session_factory() as session:
        return dict(
            session.execute(select(redemptions).where(redemptions.c.id == redemption_id))
            .one()
            ._mapping
        )


def _ledger(session, row: dict, kind: str, amount: int, at) -> None:
    session.execute(
        ledger.insert().values(
            merchant_id=row["merchant_id"],
            campaign_id=row["campaign_id"],
            redemption_id=row["id"],
            kind=kind,
            amount=amount,
            period=period_of(at),
            created_at=at,
        )
    )


def _event(row: dict, at) -> dict:
    data = {k: row[k] for k in EVENT_FIELDS}
    return {**data, "redemption_id": row["id"], "at": at.isoformat()}
