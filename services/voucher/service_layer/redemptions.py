"""Redeem a voucher at a merchant, exactly once, and reverse it within the window."""

from __future__ import annotations

import uuid
from datetime import datetime

from services.voucher.domain import codes, errors
from services.voucher.domain.money import discount_for, subsidy_for
from services.voucher.domain.settlement import REDEMPTION, REVERSAL
from services.voucher.domain.voucher import ISSUED, REVERSED, Redemption, Voucher
from services.voucher.service_layer.context import VoucherContext
from services.voucher.service_layer.views import (
    quote_view,
    redemption_event_data,
    redemption_view,
)


def quote(ctx: VoucherContext, merchant_id: str, cmd: dict) -> dict:
    """Price a purchase with a voucher as a redemption would, changing nothing: the till's
    preview before the cashier confirms."""
    _voucher, redemption = _priced(ctx, merchant_id, cmd, ctx.now())
    return quote_view(redemption)


def redeem(ctx: VoucherContext, merchant_id: str, cmd: dict) -> dict:
    """Accept a voucher against a purchase; return the discount and the amount payable."""
    now = ctx.now()
    voucher, redemption = _priced(ctx, merchant_id, cmd, now)
    used = voucher.redeem(now)
    with ctx.uow() as uow:
        if not uow.vouchers.save_status(used, expected=ISSUED):
            raise errors.AlreadyRedeemed()  # a concurrent redemption took it first
        uow.redemptions.add(redemption)
        uow.ledger.book(redemption, REDEMPTION, redemption.subsidy, now)
        uow.record("voucher.redeemed", voucher.id, redemption_event_data(redemption, now))
        uow.commit()
    return redemption_view(redemption)


def _priced(
    ctx: VoucherContext, merchant_id: str, cmd: dict, now: datetime
) -> tuple[Voucher, Redemption]:
    """Check that the voucher is usable here and now; return it with the redemption it makes."""
    code = codes.normalize(cmd["code"])
    if code is None:
        raise errors.InvalidCode(errors={"code": ["Not a valid voucher code; check for a typo."]})
    with ctx.uow() as uow:
        merchant = uow.merchants.get(merchant_id)
        voucher = uow.vouchers.by_code(code)
    if merchant is None or merchant.status not in ("active", "suspended"):
        raise errors.MerchantNotActive()
    if merchant.status == "suspended":
        raise errors.MerchantSuspended()
    if cmd["channel"] == "offline" and cmd.get("store_id") not in merchant.store_ids:
        raise errors.UnknownStore(errors={"store_id": ["Not one of your stores."]})
    if voucher is None:
        raise errors.VoucherNotFound()
    voucher.check_usable(now)
    campaign = ctx.campaign(voucher.campaign_id)
    campaign.check_scope(merchant, cmd["channel"], cmd.get("category"))
    order = cmd["order_amount"]
    if order < campaign.benefit.threshold:
        raise errors.BelowThreshold(threshold=campaign.benefit.threshold)
    discount = discount_for(campaign.benefit, order)
    return voucher, Redemption(
        id=str(uuid.uuid4()),
        voucher_id=voucher.id,
        campaign_id=voucher.campaign_id,
        member_id=voucher.member_id,
        merchant_id=merchant_id,
        store_id=cmd.get("store_id") if cmd["channel"] == "offline" else None,
        channel=cmd["channel"],
        category=cmd.get("category"),
        order_amount=order,
        discount=discount,
        payable=order - discount,
        subsidy=subsidy_for(discount, voucher.subsidy),
        redeemed_at=now,
    )


class _ReversedMeanwhile(Exception):
    """A concurrent request reversed the redemption first."""


def reverse(
    ctx: VoucherContext, merchant_id: str, redemption_id: str, reason: str | None
) -> tuple[dict, bool]:
    """Undo a redemption (a refund); return (redemption, newly reversed)."""
    try:
        return _reverse(ctx, merchant_id, redemption_id, reason)
    except _ReversedMeanwhile:
        with ctx.uow() as uow:
            won = uow.redemptions.get(redemption_id, merchant_id)
        assert won is not None  # it was there a moment ago and is never deleted
        return redemption_view(won), False


def _reverse(
    ctx: VoucherContext, merchant_id: str, redemption_id: str, reason: str | None
) -> tuple[dict, bool]:
    now = ctx.now()
    with ctx.uow() as uow:
        found = uow.redemptions.get(redemption_id, merchant_id)
        if found is None:
            raise errors.RedemptionNotFound()
        if found.is_reversed:
            return redemption_view(found), False
        reversed_ = found.reverse(now, ctx.settings.reversal_window_hours, reason)
        if not uow.redemptions.save_reversal(reversed_):  # a concurrent reversal won
            raise _ReversedMeanwhile()
        uow.vouchers.set_status(found.voucher_id, REVERSED)
        uow.ledger.book(found, REVERSAL, -found.subsidy, now)
        uow.record("voucher.reversed", found.voucher_id, redemption_event_data(found, now))
        uow.commit()
    return redemption_view(reversed_), True
