"""The catalog-merchants consumer: merchant.* snapshots keep the catalog's merchant copy."""

from __future__ import annotations

from services.catalog.adapters.cache import CatalogCache
from services.catalog.service_layer.merchants import handlers
from shared.messaging.applier import Handler
from shared.messaging.topics import MERCHANT_EVENTS

CONSUMER = "catalog-merchants"
TOPICS = [MERCHANT_EVENTS]


def build_handlers(cache: CatalogCache) -> dict[str, Handler]:
    """Map each merchant event type to its handler, bound to this process's cache."""
    return handlers(cache)
