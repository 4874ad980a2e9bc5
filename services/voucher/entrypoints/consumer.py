"""Events the voucher service consumes: merchant standing, from merchant.events."""

from __future__ import annotations

from services.voucher.adapters.repository import merchant_copies
from shared.messaging.applier import Handler
from shared.messaging.topics import MERCHANT_EVENTS

CONSUMER = "voucher-merchants"
TOPICS = [MERCHANT_EVENTS]
HANDLERS: dict[str, Handler] = merchant_copies.handlers()
