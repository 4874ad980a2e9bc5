"""Campaign rows to domain objects and back, and the service's copy of each merchant."""

from __future__ import annotations

from sqlalchemy.engine import Row

from services.voucher.adapters.orm import merchants
from services.voucher.domain.campaign import Campaign, Scope
from services.voucher.domain.money import Benefit
from shared.merchant_standing.projection import MerchantCopies


def campaign_from_row(row: Row) -> Campaign:
    r = row._mapping
    return Campaign(
        id=r["id"],
        name=r["name"],
        description=r["description"] or "",
        status=r["status"],
        benefit=Benefit.from_dict(r["benefit"]),
        subsidy=r["subsidy"],
        quantity=r["quantity"],
        budget=r["budget"],
        per_member_limit=r["per_member_limit"],
        claim_starts_at=r["claim_starts_at"],
        claim_ends_at=r["claim_ends_at"],
        segments=tuple(r["segments"] or ()),
        regions=tuple(r["regions"] or ()),
        scope=Scope.from_dict(r["scope"] or {}),
        valid_from=r["valid_from"],
        valid_until=r["valid_until"],
        valid_days=r["valid_days"],
        published_at=r["published_at"],
        closed_at=r["closed_at"],
    )


def campaign_values(c: Campaign) -> dict:
    """Return the column values of a campaign's definition."""
    return {
        "name": c.name,
        "description": c.description,
        "status": c.status,
        "benefit": c.benefit.to_dict(),
        "subsidy": c.subsidy,
        "quantity": c.quantity,
        "budget": c.budget,
        "per_member_limit": c.per_member_limit,
        "segments": list(c.segments),
        "regions": list(c.regions),
        "scope": c.scope.to_dict(),
        "claim_starts_at": c.claim_starts_at,
        "claim_ends_at": c.claim_ends_at,
        "valid_from": c.valid_from,
        "valid_until": c.valid_until,
        "valid_days": c.valid_days,
    }


# The voucher service's copy of each merchant (shared.merchant_standing).
merchant_copies = MerchantCopies(merchants)
