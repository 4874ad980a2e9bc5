"""Events the voucher service publishes on `voucher.events`."""

from __future__ import annotations

from marshmallow import fields

from shared.events.common import EventData, Money
from shared.events.registry import register


class CampaignSnapshot(EventData):
    campaign_id = fields.String(required=True)
    name = fields.String(required=True)
    status = fields.String(required=True)
    benefit = fields.Dict(required=True)
    subsidy = Money(required=True)
    quantity = fields.Integer(required=True)
    budget = Money(required=True)
    per_member_limit = fields.Integer(required=True)
    segments = fields.List(fields.String(), load_default=list)
    regions = fields.List(fields.String(), load_default=list)
    scope = fields.Dict(required=True)
    claim_starts_at = fields.AwareDateTime(required=True)
    claim_ends_at = fields.AwareDateTime(required=True)


for _type in ("campaign.published", "campaign.updated", "campaign.closed"):
    register(_type)(CampaignSnapshot)


@register("voucher.claimed")
class VoucherClaimed(EventData):
    voucher_id = fields.String(required=True)
    campaign_id = fields.String(required=True)
    member_id = fields.String(required=True)
    subsidy = Money(required=True)
    claimed_at = fields.AwareDateTime(required=True)
    valid_until = fields.AwareDateTime(required=True)


class _Redemption(EventData):
    redemption_id = fields.String(required=True)
    voucher_id = fields.String(required=True)
    campaign_id = fields.String(required=True)
    member_id = fields.String(required=True)
    merchant_id = fields.String(required=True)
    store_id = fields.String(load_default=None, allow_none=True)
    channel = fields.String(required=True)
    order_amount = Money(required=True)
    discount = Money(required=True)
    subsidy = Money(required=True)
    at = fields.AwareDateTime(required=True)


register("voucher.redeemed")(_Redemption)
register("voucher.reversed")(_Redemption)


@register("voucher.expired")
class VoucherExpired(EventData):
    voucher_id = fields.String(required=True)
    campaign_id = fields.String(required=True)
    member_id = fields.String(required=True)
    expired_at = fields.AwareDateTime(required=True)
