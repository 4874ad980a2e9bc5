"""Keep the Redis claim gate in line with the database, its source of truth."""

from __future__ import annotations

import logging
import time

from services.voucher.domain.campaign import PUBLISHED
from services.voucher.service_layer.context import VoucherContext

logger = logging.getLogger(__name__)


def load_gate(ctx: VoucherContext, campaign_id: str) -> None:
    """Rebuild one campaign's gate from the database in one atomic Redis step."""
    # Begin first, then read: a claim committing after the read is settled into the new gate.
    generation = ctx.gate.begin_rebuild(campaign_id)
    with ctx.uow() as uow:
        campaign = uow.campaigns.get(campaign_id)
        if campaign is None:
            return
        free, counts = uow.vouchers.gate_state(campaign)
    limit = campaign.per_member_limit if campaign.status == PUBLISHED else None
    done = ctx.gate.finish_rebuild(
        campaign_id, generation, limit=limit, free_slots=free, member_counts=counts
    )
    logger.info("gate of campaign %s rebuilt: %d free (%s)", campaign_id, len(free), done)


def ensure_gate(ctx: VoucherContext, campaign_id: str, wait: float = 5.0) -> None:
    """Load a missing gate once; concurrent callers wait for the one that loads it."""
    if ctx.gate.rebuild_lock(campaign_id):
        try:
            if not ctx.gate.is_loaded(campaign_id):
                load_gate(ctx, campaign_id)
        finally:
            ctx.gate.release_rebuild_lock(campaign_id)
        return
    deadline = time.monotonic() + wait
    while not ctx.gate.is_loaded(campaign_id) and time.monotonic() < deadline:
        time.sleep(0.02)


def rebuild_all(ctx: VoucherContext) -> list[str]:
    """Rebuild the gate of every published campaign (at start and on demand); safe to repeat."""
    with ctx.uow() as uow:
        ids = uow.campaigns.published_ids()
    for campaign_id in ids:
        load_gate(ctx, campaign_id)
    return ids
