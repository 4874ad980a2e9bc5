"""Bodies of redemption, reversal, settlement and KPI endpoints."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from services.voucher.domain.campaign import CHANNELS
from services.voucher.domain.settlement import PERIOD_RE
from services.voucher.entrypoints.http.schemas import MAX_FEN
from shared.pagination import PageQuery, page_of
from shared.reference.categories import all_slugs
from shared.web.full_match import FullMatch


class RedemptionIn(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=64))
    order_amount = fields.Integer(
        strict=True, required=True, validate=validate.Range(min=1, max=MAX_FEN)
    )
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    store_id = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(min=1, max=100)
    )
    category = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(sorted(all_slugs())),
        metadata={
            "description": "The purchase's category: one ops approved for you (or a child of"
            " one), else 422 category_not_approved. Without it, any of your approved categories"
            " may match the campaign's scope."
        },
    )

    @validates_schema
    def _store_for_offline(self, data: dict, **_kw) -> None:
        if data.get("channel") == "offline" and not data.get("store_id"):
            raise ValidationError("Required for an offline redemption.", "store_id")

    class Meta:
        openapi = {  # `_store_for_offline`, as JSON Schema
            "anyOf": [
                {"properties": {"channel": {"enum": ["online"]}}},
                {"required": ["store_id"], "properties": {"store_id": {"type": "string"}}},
            ]
        }


class RedemptionOut(Schema):
    id = fields.String()
    voucher_id = fields.String()
    campaign_id = fields.String()
    merchant_id = fields.String()
    store_id = fields.String(allow_none=True)
    channel = fields.String()
    category = fields.String(allow_none=True)
    order_amount = fields.Integer()
    discount = fields.Integer()
    payable = fields.Integer()
    subsidy = fields.Integer()
    redeemed_at = fields.AwareDateTime()
    reversed_at = fields.AwareDateTime(allow_none=True)
    reversal_reason = fields.String(allow_none=True)


class QuoteOut(Schema):
    campaign_id = fields.String()
    channel = fields.String()
    store_id = fields.String(allow_none=True)
    order_amount = fields.Integer()
    discount = fields.Integer()
    payable = fields.Integer()
    subsidy = fields.Integer()


RedemptionPage = page_of(RedemptionOut, "RedemptionPage")


class ReversalIn(Schema):
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class PeriodQuery(PageQuery):
    """Without a period, statements come a page at a time (`limit`, `cursor`)."""

    period = fields.String(load_default=None, validate=FullMatch(PERIOD_RE, error="Use YYYY-MM."))


class StatementOut(Schema):
    merchant_id = fields.String()
    period = fields.String()
    redemptions = fields.Integer()
    redeemed_subsidy = fields.Integer()
    reversals = fields.Integer()
    reversed_subsidy = fields.Integer()
    net_subsidy = fields.Integer()


class SettlementOut(Schema):
    period = fields.String(allow_none=True)
    items = fields.List(fields.Nested(StatementOut))
    total_net_subsidy = fields.Integer()
    next_cursor = fields.String(allow_none=True)


class MemberServices(Schema):
    claims = fields.Integer()
    redemptions = fields.Integer()
    total = fields.Integer()


class CampaignSubsidy(Schema):
    campaign_id = fields.String()
    name = fields.String()
    budget = fields.Integer()
    committed = fields.Integer()
    spent = fields.Integer()
    remaining = fields.Integer()


class KpiOut(Schema):
    member_services = fields.Nested(MemberServices)
    subsidy_by_campaign = fields.List(fields.Nested(CampaignSubsidy))


class CountOut(Schema):
    count = fields.Integer()
    campaign_ids = fields.List(fields.String())
