"""Events the voucher service consumes: merchant standing, from merchant.events."""

from __future__ import annotations

from services.voucher.service_layer.merchants import apply_merchant_snapshot
from shared.messaging.applier import Handler
from shared.messaging.topics import MERCHANT_EVENTS

CONSUMER = "voucher-merchants"
TOPICS = [MERCHANT_EVENTS]
HANDLERS: dict[str, Handler] = {
    "merchant.approved": apply_merchant_snapshot,
    "merchant.updated": apply_merchant_snapshot,
    "merchant.suspended": apply_merchant_snapshot,
    "merchant.reinstated": apply_merchant_snapshot,
}
