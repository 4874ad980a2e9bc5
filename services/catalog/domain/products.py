"""A product's rules: prices in fen, where it is offered, and how its status may change."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from services.catalog.domain.errors import InvalidProduct, InvalidStatusChange
from services.catalog.domain.search import document_tokens, normalized_length, pack
from shared.merchant_standing.model import Store

KINDS = ("goods", "service", "activity")
STATUSES = ("draft", "published", "withdrawn")
# Withdrawn offers may come back; a published one never goes back to draft.
TRANSITIONS = {
    "draft": {"published", "withdrawn"},
    "published": {"withdrawn"},
    "withdrawn": {"published"},
}
ONLINE = "online"
# Text limits, counted after NFKC: a few characters sent may expand (one `ⅷ` is `viii`).
TEXT_LIMITS = {"name": 200, "name_en": 200, "description": 2000}


@dataclass(frozen=True)
class Rules:
    """What a product is checked against: known categories and the merchant's own stores."""

    categories: frozenset[str]
    stores: dict[str, Store] = field(default_factory=dict)


@dataclass(frozen=True)
class Product:
    """One merchant's offer; `stock` counts goods or, for an activity, its places."""

    id: str
    merchant_id: str
    name: str
    kind: str
    category: str
    list_price: int
    member_price: int
    stock: int
    created_at: datetime
    updated_at: datetime
    name_en: str | None = None
    description: str = ""
    online: bool = True
    store_ids: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    status: str = "draft"

    @property
    def discount_bp(self) -> int:
        """Depth of the member discount in basis points of the list price."""
        if self.list_price <= 0:
            return 0
        return (self.list_price - self.member_price) * 10000 // self.list_price

    @property
    def search_tokens(self) -> str:
        return pack(document_tokens(self.name, self.name_en, self.description))

    @property
    def is_listed(self) -> bool:
        return self.status == "published"

    def checked(self, rules: Rules) -> Product:
        """Return the product with its regions derived, or raise InvalidProduct with every
        problem."""
        errors: dict[str, list[str]] = {}
        for name, limit in TEXT_LIMITS.items():
            if normalized_length(getattr(self, name)) > limit:
                errors[name] = [f"Longer than {limit} characters once normalised (NFKC)."]
        if self.category not in rules.categories:
            errors["category"] = [f"Unknown category {self.category!r}."]
        if self.member_price >= self.list_price:
            errors["member_price"] = ["The member price must be below the list price."]
        unknown = [s for s in self.store_ids if s not in rules.stores]
        if unknown:
            errors["store_ids"] = [f"Not stores of this merchant: {', '.join(sorted(unknown))}."]
        if not self.online and not self.store_ids:
            errors["online"] = ["A product is offered online, at some of your stores, or both."]
        if errors:
            raise InvalidProduct("The product is not valid.", errors=errors)
        regions = sorted({rules.stores[s].region for s in self.store_ids})
        store_ids = tuple(dict.fromkeys(self.store_ids))  # keep order, drop repeats
        return replace(self, store_ids=store_ids, regions=tuple(regions))

    def move_to(self, new_status: str) -> Product:
        """Return the product in a new status, if that move is allowed."""
        if new_status == self.status:
            return self
        if new_status not in TRANSITIONS.get(self.status, set()):
            raise InvalidStatusChange(f"A {self.status} product cannot become {new_status}.")
        return replace(self, status=new_status)


def event_type(before: Product | None, after: Product) -> str | None:
    """Name the event a change publishes: what members can see changed, or nothing."""
    was_listed = before is not None and before.is_listed
    if after.is_listed and not was_listed:
        return "product.published"
    if was_listed and not after.is_listed:
        return "product.withdrawn"
    if was_listed and after != before:
        return "product.updated"
    return None
