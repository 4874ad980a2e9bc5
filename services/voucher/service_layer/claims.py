"""Claim a voucher: the Redis gate decides fast, the database records and has the last word."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from services.voucher.adapters.gate import GateResult
from services.voucher.adapters.voucher_repo import Collision, VoucherRepository
from services.voucher.domain import codes, errors
from services.voucher.domain.campaign import DRAFT, Campaign
from services.voucher.domain.voucher import ISSUED, Voucher
from services.voucher.service_layer.context import VoucherContext
from services.voucher.service_layer.gate_sync import ensure_gate, load_gate
from services.voucher.service_layer.replay import by_key, prior_voucher
from services.voucher.service_layer.views import voucher_claimed_event_data, voucher_view
from shared.messaging.transient import is_transient

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)
ATTEMPTS = 4


def claim(
    ctx: VoucherContext,
    campaign_id: str,
    member_id: str,
    segments: tuple[str, ...],
    region: str | None,
    idem: str | None = None,
) -> tuple[dict, bool]:
    """Claim one voucher; return (voucher, replayed)."""
    campaign = ctx.campaign(campaign_id)
    if campaign.status == DRAFT:
        raise errors.CampaignNotFound(f"No campaign {campaign_id}.")
    now = ctx.now()
    campaign.check_claim(now, segments, region)
    if not idem and ctx.known_sold_out(campaign_id):
        raise errors.SoldOut()
    voucher_id = str(uuid.uuid4())
    with ctx.writes.expected():  # a group commit gathering now waits for this claim's write
        return _take_and_record(ctx, campaign, member_id, voucher_id, idem, now)


def _take_and_record(
    ctx: VoucherContext,
    campaign: Campaign,
    member_id: str,
    voucher_id: str,
    idem: str | None,
    now: datetime,
) -> tuple[dict, bool]:
    """Take a slot at the gate and record the voucher; give the slot back if the write fails."""
    campaign_id = campaign.id
    first_try = True
    for _ in range(ATTEMPTS):
        gate = ctx.gate.claim(campaign_id, member_id, voucher_id, idem)
        if gate.status == "not_loaded":
            ensure_gate(ctx, campaign_id)
            continue
        if gate.status == "closed":
            ctx.forget(campaign_id)
            raise errors.NotOpen("The campaign is closed.")
        if gate.status == "sold_out":
            ctx.note_sold_out(campaign_id)
            raise errors.SoldOut()
        if gate.status == "limit_reached":
            raise errors.LimitReached(limit=campaign.per_member_limit)
        if gate.status == "duplicate":
            return prior_voucher(
                ctx, campaign_id, member_id, gate.prior_campaign_id, gate.prior_voucher_id
            )
        assert gate.slot is not None
        if not 1 <= gate.slot <= campaign.quantity:  # a corrupted gate: rebuild, never oversell
            logger.error("gate of campaign %s gave slot %s; rebuilding", campaign_id, gate.slot)
            load_gate(ctx, campaign_id)
            continue
        try:
            # The gate's count is the usual claim sequence; after a collision, ask the database.
            seq = gate.count if first_try else None
            voucher, held = _record(ctx, campaign, member_id, gate.slot, seq, voucher_id, idem, now)
        except errors.LimitReached:
            _compensate(ctx, campaign_id, member_id, gate, voucher_id, idem)
            raise
        except Collision as err:
            # Someone holds this slot, sequence or code: give back what is ours and retry.
            logger.warning("claim write collided for campaign %s: %s", campaign_id, err.orig)
            first_try = False
            _compensate(ctx, campaign_id, member_id, gate, voucher_id, idem)
            prior = by_key(ctx, member_id, idem) if idem else None
            if prior is not None:  # the key's voucher is in the database, its gate key was lost
                return prior_voucher(ctx, campaign_id, member_id, prior[0], prior[1])
            continue
        except Exception:
            _compensate(ctx, campaign_id, member_id, gate, voucher_id, idem)
            raise
        ctx.gate.settle(campaign_id, member_id, gate, held)
        return voucher, False
    raise errors.ClaimFailed()


def _record(
    ctx: VoucherContext,
    campaign: Campaign,
    member_id: str,
    slot: int,
    seq: int | None,
    voucher_id: str,
    idem: str | None,
    now: datetime,
) -> tuple[dict, int]:
    """Insert the voucher and its event; return it and the member's count in the database.

    The write joins the claims this process is committing at the same moment (group_commit.py);
    it returns only once its transaction has committed.
    """
    valid_from, valid_until = campaign.validity(now)

    def write(session: Session) -> tuple[dict, int]:
        repo = VoucherRepository(session)
        claim_seq = seq
        if claim_seq is None or not 1 <= claim_seq <= campaign.per_member_limit:
            held = repo.claim_seqs(campaign.id, member_id)
            free = [s for s in range(1, campaign.per_member_limit + 1) if s not in held]
            if not free:  # the gate let one through that the database refuses
                raise errors.LimitReached(limit=campaign.per_member_limit)
            claim_seq = free[0]
        voucher = Voucher(
            id=voucher_id,
            code=codes.new_code(),
            campaign_id=campaign.id,
            member_id=member_id,
            claim_seq=claim_seq,
            slot=slot,
            idempotency_key=idem,
            status=ISSUED,
            subsidy=campaign.subsidy,
            claimed_at=now,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        repo.add(voucher)
        ctx.emit(session, "voucher.claimed", voucher_id, voucher_claimed_event_data(voucher))
        return voucher_view(voucher, campaign.benefit.to_dict()), claim_seq

    return ctx.writes.run(write)


def _compensate(
    ctx: VoucherContext,
    campaign_id: str,
    member_id: str,
    passed: GateResult,
    voucher_id: str,
    idem: str | None,
) -> None:
    try:
        with ctx.uow() as uow:
            taken = uow.vouchers.slot_holder(campaign_id, passed.slot)
            # A voucher of this member committed meanwhile (say, one that passed an older gate)
            # must stay counted: the gate's count never drops below the database's.
            held = uow.vouchers.count_of_member(campaign_id, member_id)
    except Exception as err:
        if not is_transient(err):
            raise
        # The database is away and cannot say whether the write landed (a commit whose answer
        # was lost): free the key, keep the slot out, and have the gate rebuilt from the
        # database once it is back, which gives the slot back if it is free.
        ctx.gate.compensate(campaign_id, member_id, passed, voucher_id, idem, slot_free=False)
        ctx.gate.begin_rebuild(campaign_id)
        raise
    ctx.gate.compensate(
        campaign_id, member_id, passed, voucher_id, idem, slot_free=taken is None, held_in_db=held
    )
