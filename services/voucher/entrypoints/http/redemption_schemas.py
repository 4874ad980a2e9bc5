"""Bodies of redemption, reversal, settlement and KPI endpoints."""

from __future__ import annotations

from datetime import datetime

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from services.voucher.domain.campaign import CHANNELS
from services.voucher.domain.settlement import PERIOD_RE
from services.voucher.entrypoints.http.schemas import MAX_FEN
from shared.pagination import PageQuery, page_of
from shared.reference.categories import all_slugs
from shared.web.full_match import FullMatch
from shared.web.out_schema import OutSchema


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


class RedemptionOut(OutSchema):
    id: str
    voucher_id: str
    campaign_id: str
    merchant_id: str
    store_id: str | None
    channel: str
    category: str | None
    order_amount: int
    discount: int
    payable: int
    subsidy: int
    redeemed_at: datetime
    reversed_at: datetime | None
    reversal_reason: str | None


class QuoteOut(OutSchema):
    campaign_id: str
    channel: str
    store_id: str | None
    order_amount: int
    discount: int
    payable: int
    subsidy: int


RedemptionPage = page_of(RedemptionOut, "RedemptionPage")


class ReversalIn(Schema):
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class PeriodQuery(PageQuery):
    """Without a period, statements come a page at a time (`limit`, `cursor`)."""

    period = fields.String(load_default=None, validate=FullMatch(PERIOD_RE, error="Use YYYY-MM."))


class StatementOut(OutSchema):
    merchant_id: str
    period: str
    redemptions: int
    redeemed_subsidy: int
    reversals: int
    reversed_subsidy: int
    net_subsidy: int


class SettlementOut(OutSchema):
    period: str | None
    items: list[StatementOut]
    total_net_subsidy: int
    next_cursor: str | None


class MemberServices(OutSchema):
    claims: int
    redemptions: int
    total: int


class CampaignSubsidy(OutSchema):
    campaign_id: str
    name: str
    budget: int
    committed: int
    spent: int
    remaining: int


class KpiOut(OutSchema):
    member_services: MemberServices
    subsidy_by_campaign: list[CampaignSubsidy]


class CountOut(OutSchema):
    count: int
    campaign_ids: list[str]
