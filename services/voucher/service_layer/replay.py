"""Answer a retried claim with the voucher its Idempotency-Key already made."""

from __future__ import annotations

import time

from services.voucher.service_layer.context import VoucherContext
from services.voucher.service_layer.views import voucher_view
from shared.errors import IdempotencyConflict, IdempotencyMismatch


def prior_voucher(
    ctx: VoucherContext,
    campaign_id: str,
    member_id: str,
    prior_campaign: str | None,
    prior_voucher_id: str | None,
    wait: float = 3.0,
) -> tuple[dict, bool]:
    """Return the voucher an earlier request with the same key made (it may still be writing)."""
    if prior_campaign != campaign_id:
        raise IdempotencyMismatch("This Idempotency-Key was used to claim from another campaign.")
    deadline = time.monotonic() + wait
    while True:
        found = load_voucher(ctx, prior_voucher_id or "", member_id)
        if found is not None:
            return found, True
        if time.monotonic() > deadline:
            raise IdempotencyConflict()
        time.sleep(0.05)


def by_key(ctx: VoucherContext, member_id: str, idem: str) -> tuple[str, str] | None:
    """Return (campaign id, voucher id) of the voucher this member's key made, if any."""
    with ctx.uow() as uow:
        return uow.vouchers.by_key(member_id, idem)


def load_voucher(ctx: VoucherContext, voucher_id: str, member_id: str) -> dict | None:
    with ctx.uow() as uow:
        found = uow.vouchers.of_member(voucher_id, member_id)
    if found is None:
        return None
    campaign = ctx.campaign(found.campaign_id)
    return voucher_view(found, campaign.benefit.to_dict())
