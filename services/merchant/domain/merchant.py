"""A partner merchant: what ops approved, its standing, categories and stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.merchant.domain.application import Application
from services.merchant.domain.errors import LastStore, StoreNotFound
from services.merchant.domain.model import MerchantStatus, next_merchant_status
from services.merchant.domain.store import Store

# What a merchant may change on its own profile (categories only through ops' review).
PROFILE_FIELDS = ("contact_name", "contact_mobile", "discount_percent", "description")


@dataclass
class Merchant:
    id: str
    application_id: str
    credit_code: str
    legal_name: str
    partner_type: str
    status: str
    contact_name: str
    contact_mobile: str
    region: str
    discount_percent: int
    description: str
    created_at: datetime
    updated_at: datetime
    status_reason: str | None = None
    categories: list[str] = field(default_factory=list)
    stores: list[Store] = field(default_factory=list)  # oldest first

    @classmethod
    def approved(cls, app: Application, now: datetime) -> Merchant:
        """The active merchant an approved application becomes; its stores follow, each opened
        with a new id (`add_store`)."""
        return cls(
            id=app.merchant_id or "",
            application_id=app.id,
            credit_code=app.credit_code,
            legal_name=app.legal_name,
            partner_type=app.partner_type,
            status=MerchantStatus.ACTIVE.value,
            contact_name=app.contact_name,
            contact_mobile=app.contact_mobile,
            region=app.region,
            discount_percent=app.discount_percent,
            description=app.description or "",
            created_at=now,
            updated_at=now,
            categories=list(app.categories),
        )

    def change_standing(self, action: str, reason: str, now: datetime) -> str:
        """Suspend or reinstate; return the old status."""
        before = self.status
        self.status = next_merchant_status(before, action)
        self.status_reason, self.updated_at = reason, now
        return before

    def update_profile(self, changes: dict, now: datetime) -> list[str]:
        """Apply the profile fields a merchant may change itself; return their names."""
        changed = sorted(k for k in changes if k in PROFILE_FIELDS)
        for name in changed:
            setattr(self, name, changes[name])
        if changed:
            self.updated_at = now
        return changed

    @property
    def active(self) -> bool:
        return self.status == MerchantStatus.ACTIVE

    def store(self, store_id: str) -> Store:
        """One of the merchant's stores, or StoreNotFound."""
        for store in self.stores:
            if store.id == store_id:
                return store
        raise StoreNotFound()

    def add_store(self, store: Store, now: datetime) -> None:
        """Add a store, after the others."""
        self.stores.append(store)
        self.updated_at = now

    def change_store(self, store_id: str, changes: dict, now: datetime) -> Store:
        """Change the details of one of the stores; return it as it is now."""
        changed = self.store(store_id).changed(changes)
        self.stores = [changed if s.id == store_id else s for s in self.stores]
        self.updated_at = now
        return changed

    def remove_store(self, store_id: str, now: datetime) -> None:
        """Remove one of the stores; the last one stays (LastStore)."""
        self.store(store_id)
        if len(self.stores) == 1:
            raise LastStore()
        self.stores = [s for s in self.stores if s.id != store_id]
        self.updated_at = now
