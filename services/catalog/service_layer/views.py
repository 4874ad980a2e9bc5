"""How the catalog shows a product: the detail page the API answers, the data its events carry.

A merchant's own product needs no function here: the use case hands out the `Product` and
the `OwnProduct` response schema reads its fields.
"""

from __future__ import annotations

from services.catalog.domain.products import Product
from shared.merchant_standing.model import MerchantStanding


def product_detail_view(row: dict) -> dict:
    """A listed product's row (browse_queries.listed_product) as its detail page shows it: its
    merchant as one object, and its stores in the product's order."""
    stores = {s["id"]: s for s in row.pop("stores")}
    row["merchant"] = {
        "id": row["merchant_id"],
        "legal_name": row.pop("legal_name"),
        "partner_type": row.pop("partner_type"),
    }
    row["stores"] = [stores[s] for s in row["store_ids"] if s in stores]
    return row


def product_event_data(p: Product) -> dict:
    """The product as catalog.events carry it (`ProductSnapshot`, shared/events/catalog_events.py)."""
    return dict(
        product_id=p.id,
        merchant_id=p.merchant_id,
        name=p.name,
        kind=p.kind,
        category=p.category,
        list_price=p.list_price,
        member_price=p.member_price,
        status=p.status,
        online=p.online,
        store_ids=list(p.store_ids),
        regions=list(p.regions),
    )


def listings_changed_event_data(merchant: MerchantStanding) -> dict:
    """What product.listings_changed carries: whose products' visibility a merchant's new
    standing changed (`ListingsChanged`)."""
    return {"merchant_id": merchant.merchant_id, "merchant_status": merchant.status}
