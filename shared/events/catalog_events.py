"""Events the catalog service publishes on `catalog.events`."""

from __future__ import annotations

from marshmallow import fields, validate

from shared.events.common import EventData, Money
from shared.events.registry import register

PRODUCT_KINDS = ("goods", "service", "activity")


class ProductSnapshot(EventData):
    product_id = fields.String(required=True)
    merchant_id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(PRODUCT_KINDS))
    category = fields.String(required=True)
    list_price = Money(required=True)
    member_price = Money(required=True)
    status = fields.String(required=True)
    online = fields.Boolean(required=True)
    store_ids = fields.List(fields.String(), load_default=list)
    regions = fields.List(fields.String(), load_default=list)


for _type in ("product.published", "product.updated", "product.withdrawn"):
    register(_type)(ProductSnapshot)


@register("product.listings_changed")
class ListingsChanged(EventData):
    """The catalog now shows a merchant's products by its new standing (hidden while suspended).

    Sent once the catalog's merchant copy is committed, so a reader who drops cached pages on it
    never re-reads the catalog's old answer (as it could on merchant.* itself)."""

    merchant_id = fields.String(required=True)
    merchant_status = fields.String(required=True)
