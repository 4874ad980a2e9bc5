"""Merchant views and the MerchantSnapshot event data consumers rely on."""

from __future__ import annotations

from services.merchant.domain.errors import MerchantNotFound

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


def load(uow, merchant_id: str, *, lock: bool = False) -> dict:
    """The merchant with its categories and stores, or MerchantNotFound."""
    row = uow.merchants.get(merchant_id, lock=lock)
    if row is None:
        raise MerchantNotFound()
    row["stores"] = uow.merchants.stores_of([merchant_id])[merchant_id]
    return row


def private_view(row: dict) -> dict:
    """What the merchant itself and ops see."""
    return {**{k: row[k] for k in PRIVATE_FIELDS}, "stores": row["stores"]}


def public_view(row: dict) -> dict:
    """What the public directory shows."""
    return {**{k: row[k] for k in PUBLIC_FIELDS}, "stores": row["stores"]}


def event_data(row: dict, reason: str | None = None) -> dict:
    """The MerchantSnapshot of shared/events/merchant_events.py."""
    return {
        "merchant_id": row["id"],
        "legal_name": row["legal_name"],
        "partner_type": row["partner_type"],
        "status": row["status"],
        "region": row["region"],
        "categories": row["categories"],
        "stores": [
            {"id": s["id"], "name": s["name"], "region": s["region"], "address": s["address"]}
            for s in row["stores"]
        ],
        "reason": reason,
    }


def record(uow, event_type: str, merchant_id: str, reason: str | None = None) -> dict:
    """Reload the merchant as it now stands in this transaction and stage its event."""
    row = load(uow, merchant_id)
    uow.record(event_type, merchant_id, event_data(row, reason))
    return row
