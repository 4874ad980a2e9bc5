"""A campaign decides whether a member may claim, how long a voucher lasts, and where it counts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from services.voucher.domain import errors
from services.voucher.domain.money import Benefit, benefit_errors, budget_holds
from shared.merchant_standing.model import MerchantStanding
from shared.reference.categories import parent_of

DRAFT, PUBLISHED, CLOSED = "draft", "published", "closed"
CHANNELS = ("online", "offline")


@dataclass(frozen=True)
class Scope:
    """Where a voucher can be used; an empty list means no restriction."""

    partner_types: tuple[str, ...] = ()
    merchant_ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    channels: tuple[str, ...] = CHANNELS

    def to_dict(self) -> dict:
        return {
            "partner_types": list(self.partner_types),
            "merchant_ids": list(self.merchant_ids),
            "categories": list(self.categories),
            "channels": list(self.channels),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Scope:
        return cls(
            partner_types=tuple(data.get("partner_types") or ()),
            merchant_ids=tuple(data.get("merchant_ids") or ()),
            categories=tuple(data.get("categories") or ()),
            channels=tuple(data.get("channels") or CHANNELS),
        )

    def category_matches(self, category: str | None, merchant_categories: tuple[str, ...]) -> bool:
        """Match the purchase's category, or without one any of the merchant's categories."""
        if not self.categories:
            return True
        candidates = (category,) if category else merchant_categories
        return any(c in self.categories or parent_of(c) in self.categories for c in candidates)


@dataclass(frozen=True)
class Campaign:
    id: str
    name: str
    status: str
    benefit: Benefit
    subsidy: int  # the most the union pays per redemption
    quantity: int
    budget: int
    per_member_limit: int
    claim_starts_at: datetime
    claim_ends_at: datetime
    segments: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    scope: Scope = field(default_factory=Scope)
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    valid_days: int | None = None
    description: str = ""
    published_at: datetime | None = None
    closed_at: datetime | None = None

    def revise(self, revised: Campaign) -> Campaign:
        """Return the revised definition; only a draft can still be edited."""
        if self.status != DRAFT:
            raise errors.CampaignNotEditable(f"The campaign is {self.status}.")
        check_campaign(revised)
        return replace(revised, id=self.id, status=DRAFT)

    def publish(self, now: datetime) -> Campaign:
        """Open a draft for claiming."""
        if self.status != DRAFT:
            raise errors.InvalidStatus(f"A {self.status} campaign cannot become {PUBLISHED}.")
        return replace(self, status=PUBLISHED, published_at=now)

    def close(self, now: datetime) -> Campaign:
        """Stop claims for good; only a published campaign closes."""
        if self.status != PUBLISHED:
            raise errors.InvalidStatus(f"A {self.status} campaign cannot become {CLOSED}.")
        return replace(self, status=CLOSED, closed_at=now)

    def check_claim(self, now: datetime, segments: tuple[str, ...], region: str | None) -> None:
        """Raise unless a member with these segments and region may claim now."""
        if self.status != PUBLISHED or not self.claim_starts_at <= now < self.claim_ends_at:
            raise errors.NotOpen(
                "The campaign is not open for claiming now.",
                claim_starts_at=self.claim_starts_at.isoformat(),
                claim_ends_at=self.claim_ends_at.isoformat(),
            )
        if not self.is_eligible(segments, region):
            raise errors.NotEligible()

    def is_eligible(self, segments: tuple[str, ...], region: str | None) -> bool:
        if self.segments and not set(self.segments) & set(segments):
            return False
        return not (self.regions and region not in self.regions)

    def validity(self, claimed_at: datetime) -> tuple[datetime, datetime]:
        """Return the validity of a voucher claimed at this moment."""
        if self.valid_days is not None:
            return claimed_at, claimed_at + timedelta(days=self.valid_days)
        assert self.valid_from is not None and self.valid_until is not None
        return self.valid_from, self.valid_until

    def check_scope(self, merchant: MerchantStanding, channel: str, category: str | None) -> None:
        """Raise OutOfScope unless the voucher counts at this merchant, channel and category.

        A purchase's category is never taken on the merchant's word alone: it must be one ops
        approved for that merchant, or the restaurant could book a groceries-only subsidy.
        """
        if category is not None and not merchant.serves(category):
            raise errors.CategoryNotApproved(
                errors={"category": ["Not a category this merchant is approved for."]}
            )
        s = self.scope
        if s.partner_types and merchant.partner_type not in s.partner_types:
            raise errors.OutOfScope("This campaign is not for this type of partner.")
        if s.merchant_ids and merchant.merchant_id not in s.merchant_ids:
            raise errors.OutOfScope("This campaign is not for this merchant.")
        if channel not in s.channels:
            raise errors.OutOfScope(f"This voucher cannot be used {channel}.")
        if not s.category_matches(category, merchant.categories):
            raise errors.OutOfScope("This voucher does not cover this category.")


def campaign_errors(c: Campaign) -> dict[str, list[str]]:
    """Return the field errors of a campaign definition (empty when it is sound)."""
    found: dict[str, list[str]] = {}
    bad = benefit_errors(c.benefit)
    if bad:
        found["benefit"] = [f"{k}: {' '.join(v)}" for k, v in bad.items()]
    elif c.subsidy > c.benefit.max_discount:
        found["subsidy"] = ["Must not exceed the most the benefit can take off an order."]
    if c.claim_ends_at <= c.claim_starts_at:
        found["claim_ends_at"] = ["Must be after claim_starts_at."]
    fixed = c.valid_from is not None or c.valid_until is not None
    if fixed == (c.valid_days is not None):
        found["validity"] = ["Give either valid_from and valid_until, or valid_days."]
    elif fixed and (c.valid_from is None or c.valid_until is None):
        found["validity"] = ["Give both valid_from and valid_until."]
    elif fixed and c.valid_until <= max(c.valid_from, c.claim_ends_at):
        found["valid_until"] = ["Must be after valid_from and the end of the claim window."]
    return found


def check_campaign(c: Campaign) -> None:
    """Raise Invalid (or BudgetExceeded) unless the campaign can be saved."""
    found = campaign_errors(c)
    if found:
        raise errors.Invalid("The campaign is not consistent.", errors=found)
    if not budget_holds(c.quantity, c.subsidy, c.budget):
        raise errors.BudgetExceeded(
            f"quantity x subsidy = {c.quantity * c.subsidy} fen exceeds the budget of {c.budget}.",
            errors={"budget": ["Must be at least quantity times subsidy."]},
        )
