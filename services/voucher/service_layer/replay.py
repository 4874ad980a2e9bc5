"""Answer a retried claim with the voucher its Idempotency-Key already made."""

from __future__ import annotations

import time

from sqlalchemy import select

from services.voucher.adapters.orm import vouchers
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
    with ctx.session_factory() as session:
        row = session.execute(
            select(vouchers.c.campaign_id, vouchers.c.id).where(
                vouchers.c.member_id == member_id, vouchers.c.idempotency_key == idem
            )
        ).first()
    return (row.campaign_id, row.id) if row else None


def load_voucher(ctx: VoucherContext, voucher_id: str, member_id: str) -> dict | None:
    with ctx.session_factory() as session:
        row = session.execute(
            select(vouchers).where(vouchers.c.id == voucher_id, vouchers.c.member_id == member_id)
        ).first()
    if row is None:
        return None
    campaign = ctx.campaign(row.campaign_id)
    return voucher_view(dict(row._mapping), campaign.benefit.to_dict())
