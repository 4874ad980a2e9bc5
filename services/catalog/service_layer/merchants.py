"""Keep the catalog's copy of each merchant's standing (shared.merchant_standing) and its caches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from services.catalog.adapters import product_queries, redis_keys
from services.catalog.adapters.repository import merchant_copies
from services.catalog.service_layer.views import listings_changed_event_data
from shared.merchant_standing.model import MerchantStanding
from shared.messaging.applier import Handler
from shared.messaging.topics import CATALOG_EVENTS

if TYPE_CHECKING:
    from services.catalog.service_layer.context import CatalogContext

LISTINGS_CHANGED = "product.listings_changed"


def handlers(ctx: CatalogContext) -> dict[str, Handler]:
    """The catalog-merchants consumer's table: each snapshot event stores the copy, drops pages."""

    def on_change(session: Session, merchant: MerchantStanding) -> None:
        # Visibility is a join on merchants.status, so no product row changes: only caches,
        # ours and (through the event, sent after this commit) the gateway's.
        namespaces = [redis_keys.LISTS]
        namespaces += [
            redis_keys.product_namespace(p)
            for p in product_queries.ids_of_merchant(session, merchant.merchant_id)
        ]
        ctx.cache.invalidate_around_commit(session, namespaces)
        ctx.record_event(
            session,
            CATALOG_EVENTS,
            LISTINGS_CHANGED,
            merchant.merchant_id,
            listings_changed_event_data(merchant),
        )

    return merchant_copies.handlers(on_change=on_change)
