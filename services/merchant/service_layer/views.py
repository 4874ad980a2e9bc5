"""How the service shows what it holds: to the merchant, ops and the public, and in events."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from services.merchant.domain.api_key import ApiKey
from services.merchant.domain.application import Application
from services.merchant.domain.key_link import KeyLink
from services.merchant.domain.merchant import Merchant
from services.merchant.domain.store import Store

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


def private_view(merchant: Merchant) -> dict:
    """What the merchant itself and ops see."""
    return {**{k: getattr(merchant, k) for k in PRIVATE_FIELDS}, "stores": _stores(merchant)}


def public_view(merchant: Merchant) -> dict:
    """What the public directory shows."""
    return {**{k: getattr(merchant, k) for k in PUBLIC_FIELDS}, "stores": _stores(merchant)}


def store_view(store: Store) -> dict:
    """A store as the merchant, ops and the directory see it."""
    return asdict(store)


def _stores(merchant: Merchant) -> list[dict]:
    return [store_view(s) for s in merchant.stores]


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
            {"id": s.id, "name": s.name, "region": s.region, "address": s.address}
            for s in merchant.stores
        ],
        "reason": reason,
    }


def key_view(key: ApiKey) -> dict:
    """What the merchant sees of its key after the once it is shown: its start and age."""
    return {"api_key_prefix": key.prefix, "issued_at": key.created_at}


def masked(mobile: str) -> str:
    """Enough of a mobile number for ops to confirm where the link went."""
    return mobile[:3] + "****" + mobile[-4:] if len(mobile) >= 8 else "****"


def link_receipt(link: KeyLink, mobile: str) -> dict:
    """What ops see of a key link they asked for: where it went and until when (never the
    token)."""
    return {
        "id": link.id,
        "merchant_id": link.merchant_id,
        "sent_to": masked(mobile),
        "expires_at": link.expires_at,
    }


def application_view(app: Application, now: datetime) -> dict:
    """The application as its holder and ops see it (never the secret hash)."""
    out = asdict(app)
    del out["secret_hash"]
    out["overdue"] = app.overdue(now)
    return out
