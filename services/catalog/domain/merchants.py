"""The catalog's own copy of a merchant's standing, kept from merchant.* events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.catalog.domain.errors import MerchantNotActive, MerchantSuspended
from services.catalog.domain.products import StoreInfo


@dataclass(frozen=True)
class MerchantCopy:
    merchant_id: str
    legal_name: str
    partner_type: str
    status: str
    region: str
    snapshot_at: datetime
    categories: tuple[str, ...] = ()
    stores: dict[str, StoreInfo] = field(default_factory=dict)


def ensure_can_sell(merchant: MerchantCopy | None) -> MerchantCopy:
    """Only an active merchant may offer and change products."""
    if merchant is None:
        raise MerchantNotActive("The catalog does not know you as an approved merchant yet.")
    if merchant.status == "suspended":
        raise MerchantSuspended("Your merchant account is suspended.")
    if merchant.status != "active":
        raise MerchantNotActive(f"Your merchant account is {merchant.status}.")
    return merchant


def supersedes(snapshot_at: datetime, known: MerchantCopy | None) -> bool:
    """A snapshot applies unless the copy already holds a later one (events may come late)."""
    return known is None or snapshot_at >= known.snapshot_at
