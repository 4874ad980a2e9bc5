"""A merchant inside a use case's unit of work: load it, and record the event of how it stands."""

from __future__ import annotations

from services.merchant.domain.errors import MerchantNotFound
from services.merchant.domain.merchant import Merchant
from services.merchant.service_layer.views import event_data


def load(uow, merchant_id: str, *, lock: bool = False) -> Merchant:
    """The merchant with its categories and stores, or MerchantNotFound."""
    merchant = uow.merchants.get(merchant_id, lock=lock)
    if merchant is None:
        raise MerchantNotFound()
    return merchant


def record(uow, event_type: str, merchant_id: str, reason: str | None = None) -> Merchant:
    """Reload the merchant as it now stands in this transaction and stage its event (a
    MerchantSnapshot, for catalog's and voucher's copies)."""
    merchant = load(uow, merchant_id)
    uow.record(event_type, merchant_id, event_data(merchant, reason))
    return merchant
