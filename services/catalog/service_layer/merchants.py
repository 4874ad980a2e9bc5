"""Keep the catalog's copy of each merchant's standing from merchant.* events."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from services.catalog.adapters import redis_keys
from services.catalog.adapters import repository as repo
from services.catalog.adapters.cache import CatalogCache
from services.catalog.domain.merchants import MerchantCopy, supersedes
from services.catalog.domain.products import StoreInfo
from shared.events.envelope import Event
from shared.messaging.applier import Handler

logger = logging.getLogger(__name__)
SNAPSHOT_EVENTS = (
    "merchant.approved",
    "merchant.updated",
    "merchant.suspended",
    "merchant.reinstated",
)


def copy_from(event: Event) -> MerchantCopy:
    data = event.data
    stores = {
        s["id"]: StoreInfo(s["id"], s["name"], s["region"], s.get("address") or "")
        for s in data.get("stores", [])
    }
    return MerchantCopy(
        merchant_id=data["merchant_id"],
        legal_name=data["legal_name"],
        partner_type=data["partner_type"],
        status=data["status"],
        region=data["region"],
        snapshot_at=event.occurred_at,
        categories=tuple(data.get("categories", [])),
        stores=stores,
    )


def snapshot_handler(cache: CatalogCache) -> Handler:
    """Return the handler that upserts a merchant snapshot and drops the pages it affects."""

    def handle(session: Session, event: Event) -> None:
        copy = copy_from(event)
        known = repo.get_merchant(session, copy.merchant_id, for_update=True)
        if not supersedes(copy.snapshot_at, known):
            logger.info("ignoring %s older than the merchant copy", event.type)
            return
        repo.put_merchant(session, copy, exists=known is not None)
        # Visibility is a join on merchants.status, so no product row changes: only caches.
        namespaces = [redis_keys.LISTS]
        namespaces += [
            redis_keys.product_namespace(p) for p in repo.product_ids_of(session, copy.merchant_id)
        ]
        cache.invalidate_around_commit(session, namespaces)

    return handle


def handlers(cache: CatalogCache) -> dict[str, Handler]:
    """The catalog-merchants consumer's table: event type to handler."""
    handle = snapshot_handler(cache)
    return dict.fromkeys(SNAPSHOT_EVENTS, handle)
