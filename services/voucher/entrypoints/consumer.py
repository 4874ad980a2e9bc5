"""Events the voucher service consumes: merchant standing, from merchant.events."""

from __future__ import annotations

from services.voucher.adapters.repository import merchant_copies
from services.voucher.service_layer.context import VoucherContext
from shared.messaging.applier import Handler
from shared.messaging.topics import MERCHANT_EVENTS

CONSUMER = "voucher-merchants"
TOPICS = [MERCHANT_EVENTS]


def handlers(ctx: VoucherContext) -> dict[str, Handler]:
    """The consumer's table: every merchant snapshot event keeps the standing copy."""
    return merchant_copies.handlers()
