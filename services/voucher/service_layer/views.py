"""How the voucher service shows its aggregates: what the API answers and what events carry."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from services.voucher.domain.campaign import Campaign
from services.voucher.domain.codes import display
from services.voucher.domain.settlement import Statement
from services.voucher.domain.voucher import Redemption, Voucher

VALIDITY = ("valid_from", "valid_until", "valid_days")
REDEMPTION_EVENT_FIELDS = (
    "voucher_id", "campaign_id", "member_id", "merchant_id", "store_id", "channel",
    "order_amount", "discount", "subsidy",
)  # fmt: skip
QUOTE_FIELDS = (
    "campaign_id", "channel", "store_id", "order_amount", "discount", "payable", "subsidy",
)  # fmt: skip


def campaign_view(row: dict) -> dict:
    """A campaign as the API shows it, from its stored row: the answer shows when it was
    created, which the `Campaign` does not hold. The listings add their counts to it."""
    return {**row, "validity": {k: row[k] for k in VALIDITY}}


def campaign_event_data(c: Campaign) -> dict:
    """What campaign.published and campaign.closed carry (`CampaignSnapshot`)."""
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


def voucher_view(v: Voucher, benefit: dict) -> dict:
    """A voucher as its member sees it, with its campaign's benefit."""
    return {
        "id": v.id,
        "code": v.code,
        "display_code": display(v.code),
        "campaign_id": v.campaign_id,
        "status": v.status,
        "claimed_at": v.claimed_at,
        "valid_from": v.valid_from,
        "valid_until": v.valid_until,
        "redeemed_at": v.redeemed_at,
        "benefit": benefit,
    }


def voucher_claimed_event_data(v: Voucher) -> dict:
    """What voucher.claimed carries (`VoucherClaimed`)."""
    return {
        "voucher_id": v.id,
        "campaign_id": v.campaign_id,
        "member_id": v.member_id,
        "subsidy": v.subsidy,
        "claimed_at": v.claimed_at.isoformat(),
        "valid_until": v.valid_until.isoformat(),
    }


def voucher_expired_event_data(
    voucher_id: str, campaign_id: str, member_id: str, at: datetime
) -> dict:
    """What voucher.expired carries (`VoucherExpired`); the expiry job expires vouchers in bulk
    and has their ids, not `Voucher`s."""
    return {
        "voucher_id": voucher_id,
        "campaign_id": campaign_id,
        "member_id": member_id,
        "expired_at": at.isoformat(),
    }


def redemption_view(r: Redemption) -> dict:
    """A redemption as redeeming and reversing answer it (and as the lists show it)."""
    return asdict(r)


def quote_view(r: Redemption) -> dict:
    """A priced redemption as the till's preview shows it (nothing was redeemed)."""
    return {k: getattr(r, k) for k in QUOTE_FIELDS}


def redemption_event_data(r: Redemption, at: datetime) -> dict:
    """What voucher.redeemed and voucher.reversed carry: the redemption, and when it happened."""
    data = {k: getattr(r, k) for k in REDEMPTION_EVENT_FIELDS}
    return {**data, "redemption_id": r.id, "at": at.isoformat()}


def statement_view(s: Statement) -> dict:
    """A settlement statement as the API and the CSV export show it, its net subsidy included."""
    return {
        "merchant_id": s.merchant_id,
        "period": s.period,
        "redemptions": s.redemptions,
        "redeemed_subsidy": s.redeemed_subsidy,
        "reversals": s.reversals,
        "reversed_subsidy": s.reversed_subsidy,
        "net_subsidy": s.net_subsidy,
    }
