"""Run campaigns: create and edit drafts, publish, close."""

from __future__ import annotations

import uuid
from dataclasses import replace

from sqlalchemy import select

from services.voucher.adapters.orm import campaigns
from services.voucher.adapters.repository import campaign_values, load_campaign
from services.voucher.domain import errors
from services.voucher.domain.campaign import (
    CLOSED,
    DRAFT,
    PUBLISHED,
    Campaign,
    Scope,
    check_campaign,
)
from services.voucher.domain.money import Benefit
from services.voucher.service_layer.context import VoucherContext
from services.voucher.service_layer.gate_sync import load_gate


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
    now = ctx.now()
    with ctx.session_factory() as session, session.begin():
        session.execute(
            campaigns.insert().values(
                id=campaign.id,
                created_by=created_by,
                created_at=now,
                updated_at=now,
                **campaign_values(campaign),
            )
        )
    return get(ctx, campaign.id)


def update(ctx: VoucherContext, campaign_id: str, changes: dict) -> dict:
    """Edit a draft; a published or closed campaign is not editable."""
    with ctx.session_factory() as session, session.begin():
        current = _locked(session, campaign_id)
        if current.status != DRAFT:
            raise errors.CampaignNotEditable(f"The campaign is {current.status}.")
        before = input_of(current)
        merged = {**before, **changes}
        for nested in ("benefit", "scope"):  # a partial nested object patches the current one
            if nested in changes:
                merged[nested] = {**before[nested], **changes[nested]}
        if "valid_days" in changes and changes["valid_days"] is not None:
            merged.update(valid_from=None, valid_until=None)
        elif {"valid_from", "valid_until"} & changes.keys():
            merged["valid_days"] = None
        campaign = build(campaign_id, DRAFT, merged)
        check_campaign(campaign)
        session.execute(
            campaigns.update()
            .where(campaigns.c.id == campaign_id, campaigns.c.status == DRAFT)
            .values(updated_at=ctx.now(), **campaign_values(campaign))
        )
    ctx.forget(campaign_id)
    return get(ctx, campaign_id)


def publish(ctx: VoucherContext, campaign_id: str) -> dict:
    """Open a draft for claiming: the gate is loaded and campaign.published emitted."""
    return _move(ctx, campaign_id, DRAFT, PUBLISHED, "published_at", "campaign.published")


def close(ctx: VoucherContext, campaign_id: str) -> dict:
    """Stop claims for good: the gate closes and campaign.closed is emitted."""
    return _move(ctx, campaign_id, PUBLISHED, CLOSED, "closed_at", "campaign.closed")


def _move(
    ctx: VoucherContext, campaign_id: str, source: str, target: str, stamp: str, event: str
) -> dict:
    now = ctx.now()
    with ctx.session_factory() as session, session.begin():
        current = _locked(session, campaign_id)
        moved = session.execute(
            campaigns.update()
            .where(campaigns.c.id == campaign_id, campaigns.c.status == source)
            .values(status=target, updated_at=now, **{stamp: now})
        ).rowcount
        if not moved:
            raise errors.InvalidStatus(f"A {current.status} campaign cannot become {target}.")
        ctx.emit(session, event, campaign_id, snapshot(replace(current, status=target)))
    ctx.forget(campaign_id)
    if target == CLOSED:
        ctx.gate.close(campaign_id)
    else:
        load_gate(ctx, campaign_id)
    return get(ctx, campaign_id)


def _locked(session, campaign_id: str) -> Campaign:
    found = load_campaign(session, campaign_id)
    if found is None:
        raise errors.CampaignNotFound(f"No campaign {campaign_id}.")
    return found


def snapshot(c: Campaign) -> dict:
    """Return the CampaignSnapshot event data of a campaign."""
    return {
        "campaign_id": c.id,
        "name": c.name,
        "status": c.status,
        "benefit": c.benefit.to_dict(),
        "subsidy": c.subsidy,
        "quantity": c.quantity,
        "budget": c.budget,
        "per_member_limit": c.per_member_limit,
        "segments": list(c.segments),
        "regions": list(c.regions),
        "scope": c.scope.to_dict(),
        "claim_starts_at": c.claim_starts_at.isoformat(),
        "claim_ends_at": c.claim_ends_at.isoformat(),
    }


def get(ctx: VoucherContext, campaign_id: str) -> dict:
    with ctx.session_factory() as session:
        row = session.execute(select(campaigns).where(campaigns.c.id == campaign_id)).first()
    if row is None:
        raise errors.CampaignNotFound(f"No campaign {campaign_id}.")
    return campaign_dict(dict(row._mapping))


def campaign_dict(r: dict) -> dict:
    return {**r, "validity": {k: r[k] for k in ("valid_from", "valid_until", "valid_days")}}
