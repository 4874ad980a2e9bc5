"""Run campaigns: create and edit drafts, publish, close."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from services.voucher.adapters.repository import campaign_values
from services.voucher.adapters.uow import VoucherUnitOfWork
from services.voucher.domain import errors
from services.voucher.domain.campaign import DRAFT, Campaign, Scope, check_campaign
from services.voucher.domain.money import Benefit
from services.voucher.service_layer.context import VoucherContext
from services.voucher.service_layer.gate_sync import load_gate
from services.voucher.service_layer.listing import ops_get
from services.voucher.service_layer.views import campaign_event_data


def build(campaign_id: str, status: str, data: dict) -> Campaign:
    """Make a campaign from validated input fields."""
    return Campaign(
        id=campaign_id,
        status=status,
        name=data["name"],
        description=data.get("description") or "",
        benefit=Benefit.from_dict(data["benefit"]),
        subsidy=data["subsidy"],
        quantity=data["quantity"],
        budget=data["budget"],
        per_member_limit=data["per_member_limit"],
        claim_starts_at=data["claim_starts_at"],
        claim_ends_at=data["claim_ends_at"],
        segments=tuple(dict.fromkeys(data.get("segments") or ())),
        regions=tuple(dict.fromkeys(data.get("regions") or ())),
        scope=Scope.from_dict(data.get("scope") or {}),
        valid_from=data.get("valid_from"),
        valid_until=data.get("valid_until"),
        valid_days=data.get("valid_days"),
    )


def input_of(c: Campaign) -> dict:
    """Return a campaign as the input fields it was made from (for partial edits)."""
    values = campaign_values(c)
    values.pop("status")
    return values


def create(ctx: VoucherContext, data: dict, created_by: str | None) -> dict:
    """Save a new draft campaign."""
    campaign = build(str(uuid.uuid4()), DRAFT, data)
    check_campaign(campaign)
    with ctx.uow() as uow:
        uow.campaigns.add(campaign, created_by, ctx.now())
        uow.commit()
    return ops_get(ctx, campaign.id)


def update(ctx: VoucherContext, campaign_id: str, changes: dict) -> dict:
    """Edit a draft; a published or closed campaign is not editable."""
    with ctx.uow() as uow:
        current = _locked(uow, campaign_id)
        before = input_of(current)
        merged = {**before, **changes}
        for nested in ("benefit", "scope"):  # a partial nested object patches the current one
            if nested in changes:
                merged[nested] = {**before[nested], **changes[nested]}
        if "valid_days" in changes and changes["valid_days"] is not None:
            merged.update(valid_from=None, valid_until=None)
        elif {"valid_from", "valid_until"} & changes.keys():
            merged["valid_days"] = None
        uow.campaigns.save(current.revise(build(campaign_id, DRAFT, merged)), ctx.now())
        uow.commit()
    ctx.forget(campaign_id)
    return ops_get(ctx, campaign_id)


def publish(ctx: VoucherContext, campaign_id: str) -> dict:
    """Open a draft for claiming: the gate is loaded and campaign.published emitted."""
    _change(ctx, campaign_id, lambda c, now: c.publish(now), "campaign.published")
    load_gate(ctx, campaign_id)
    return ops_get(ctx, campaign_id)


def close(ctx: VoucherContext, campaign_id: str) -> dict:
    """Stop claims for good: the gate closes and campaign.closed is emitted."""
    _change(ctx, campaign_id, lambda c, now: c.close(now), "campaign.closed")
    ctx.gate.close(campaign_id)
    return ops_get(ctx, campaign_id)


def _change(
    ctx: VoucherContext,
    campaign_id: str,
    move: Callable[[Campaign, datetime], Campaign],
    event: str,
) -> None:
    """Apply one lifecycle move to the locked campaign and emit its event, in one transaction."""
    now = ctx.now()
    with ctx.uow() as uow:
        moved = move(_locked(uow, campaign_id), now)
        uow.campaigns.save(moved, now)
        uow.record(event, campaign_id, campaign_event_data(moved))
        uow.commit()
    ctx.forget(campaign_id)


def _locked(uow: VoucherUnitOfWork, campaign_id: str) -> Campaign:
    """The campaign, its row locked until the unit of work ends, so moves never interleave."""
    found = uow.campaigns.get(campaign_id, lock=True)
    if found is None:
        raise errors.CampaignNotFound(f"No campaign {campaign_id}.")
    return found
