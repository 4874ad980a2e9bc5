"""Events the merchant service publishes on `merchant.events`."""

from __future__ import annotations

from marshmallow import fields, validate

from shared.events.common import EventData, StoreData
from shared.events.registry import register
from shared.reference.members import PARTNER_TYPES

MERCHANT_STATUSES = ("active", "suspended")
# Each carries the whole MerchantSnapshot; consumers keep their copy from these.
SNAPSHOT_EVENTS = (
    "merchant.approved",
    "merchant.updated",
    "merchant.suspended",
    "merchant.reinstated",
)


class MerchantSnapshot(EventData):
    """The merchant as consumers need it: standing, type, regions, categories, stores."""

    merchant_id = fields.String(required=True)
    legal_name = fields.String(required=True)
    partner_type = fields.String(required=True, validate=validate.OneOf(PARTNER_TYPES))
    status = fields.String(required=True, validate=validate.OneOf(MERCHANT_STATUSES))
    region = fields.String(required=True)
    categories = fields.List(fields.String(), load_default=list)
    stores = fields.List(fields.Nested(StoreData), load_default=list)
    reason = fields.String(load_default=None, allow_none=True)


for _type in SNAPSHOT_EVENTS:
    register(_type)(MerchantSnapshot)


@register("merchant.rejected")
class MerchantRejected(EventData):
    application_id = fields.String(required=True)
    legal_name = fields.String(required=True)
    reason = fields.String(required=True)
