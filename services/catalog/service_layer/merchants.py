"""Keep the catalog's copy of each merchant's standing (shared.merchant_standing) and its caches."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.catalog.adapters import redis_keys
from services.catalog.adapters import repository as repo
from services.catalog.adapters.cache import CatalogCache
from shared.merchant_standing.model import MerchantStanding
from shared.messaging.applier import Handler


def handlers(cache: CatalogCache) -> dict[str, Handler]:
    """The catalog-merchants consumer's table: each snapshot event stores the copy, drops pages."""

    def drop_pages(session: Session, merchant: MerchantStanding) -> None:
        # Visibility is a join on merchants.status, so no product row changes: only caches.
        namespaces = [redis_keys.LISTS]
        namespaces += [
            redis_keys.product_namespace(p)
            for p in repo.product_ids_of(session, merchant.merchant_id)
        ]
        cache.invalidate_around_commit(session, namespaces)

    return repo.merchant_copies.handlers(on_change=drop_pages)
