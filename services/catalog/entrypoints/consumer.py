"""The catalog-merchants consumer: merchant.* snapshots keep the catalog's merchant copy."""

from __future__ import annotations

from services.catalog.service_layer import merchants
from services.catalog.service_layer.context import CatalogContext
from shared.messaging.applier import Handler
from shared.messaging.topics import MERCHANT_EVENTS

CONSUMER = "catalog-merchants"
TOPICS = [MERCHANT_EVENTS]


def handlers(ctx: CatalogContext) -> dict[str, Handler]:
    """The consumer's table: event type to handler, bound to this process's cache."""
    return merchants.handlers(ctx)
