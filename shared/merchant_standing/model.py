"""What a service knows of a merchant, and the two rules every copy follows.

Pure: no SQLAlchemy, Flask, Redis or Kafka, so a service's domain may import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from shared.errors import Forbidden
from shared.reference.categories import parent_of

ACTIVE, SUSPENDED = "active", "suspended"


class MerchantNotActive(Forbidden):
    """The mall does not know this merchant as an active partner."""

    retryable = True  # an approval may be on its way to this copy


class MerchantSuspended(Forbidden):
    """This merchant is suspended."""


@dataclass(frozen=True)
class Store:
    id: str
    name: str
    region: str
    address: str = ""


@dataclass(frozen=True)
class MerchantStanding:
    """One merchant as the last snapshot applied described it."""

    merchant_id: str
    legal_name: str
    partner_type: str
    status: str
    region: str
    snapshot_at: datetime  # occurred_at of the event applied last
    categories: tuple[str, ...] = ()
    stores: dict[str, Store] = field(default_factory=dict)

    def serves(self, category: str) -> bool:
        """Say whether ops approved the merchant for this category (or its parent)."""
        return category in self.categories or parent_of(category) in self.categories

    @property
    def store_ids(self) -> tuple[str, ...]:
        return tuple(self.stores)


def supersedes(snapshot_at: datetime, known: MerchantStanding | None) -> bool:
    """A snapshot applies unless the copy already holds a later one (events may come late).

    An equal time applies too, so a redelivered event is harmless and the last write wins.
    """
    return known is None or snapshot_at >= known.snapshot_at


def ensure_active(merchant: MerchantStanding | None) -> MerchantStanding:
    """Return the merchant if it is an active partner; otherwise say why it may not act."""
    if merchant is None:
        raise MerchantNotActive("The mall does not know you as an approved merchant yet.")
    if merchant.status == SUSPENDED:
        raise MerchantSuspended("Your merchant account is suspended.")
    if merchant.status != ACTIVE:
        raise MerchantNotActive(f"Your merchant account is {merchant.status}.")
    return merchant
