"""Merchant views and the MerchantSnapshot event data consumers rely on."""

from __future__ import annotations

from services.merchant.domain.errors import MerchantNotFound
from services.merchant.domain.merchant import Merchant

PUBLIC_FIELDS = (
    "id",
    "legal_name",
    "partner_type",
    "region",
    "categories",
    "discount_percent",
    "description",
    "created_at",
)
PRIVATE_FIELDS = (
    *PUBLIC_FIELDS,
    "credit_code",
    "status",
    "status_reason",
    "contact_name",
    "contact_mobile",
    "application_id",
    "updated_at",
)


def load(uow, merchant_id: str, *, lock: bool = False) -> Merchant:
    """The merchant with its categories and stores, or MerchantNotFound."""
    merchant = uow.merchants.get(merchant_id, lock=lock)
    if merchant is None:
        raise MerchantNotFound()
    return merchant


def private_view(merchant: Merchant) -> dict:
    """What the merchant itself and ops see."""
    return {**{k: getattr(merchant, k) for k in PRIVATE_FIELDS}, "stores": merchant.stores}


def public_view(merchant: Merchant) -> dict:
    """What the public directory shows."""
    return {**{k: getattr(merchant, k) for k in PUBLIC_FIELDS}, "stores": merchant.stores}


def event_data(merchant: Merchant, reason: str | None = None) -> dict:
    """The MerchantSnapshot of shared/events/merchant_events.py."""
    return {
        "merchant_id": merchant.id,
        "legal_name": merchant.legal_name,
        "partner_type": merchant.partner_type,
        "status": merchant.status,
        "region": merchant.region,
        "categories": merchant.categories,
        "stores": [
            {"id": s["id"], "name": s["name"], "region": s["region"], "address": s["address"]}
            for s in merchant.stores
        ],
        "reason": reason,
    }


def record(uow, event_type: str, merchant_id: str, reason: str | None = None) -> Merchant:
    """Reload the merchant as it now stands in this transaction and stage its event."""
    merchant = load(uow, merchant_id)
    uow.record(event_type, merchant_id, event_data(merchant, reason))
    return merchant
