"""Request and response bodies (marshmallow 4; unknown request fields are refused)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from services.voucher.domain.campaign import CHANNELS
from services.voucher.domain.money import BENEFIT_TYPES
from shared.pagination import PageQuery, page_of
from shared.reference.categories import all_slugs
from shared.reference.members import PARTNER_TYPES, SEGMENTS
from shared.reference.regions import REGIONS

MAX_FEN = 10**12


def Fen(**kw) -> fields.Integer:  # noqa: N802 - reads like a field class
    return fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_FEN), **kw)


def OneOfList(choices, **kw) -> fields.List:  # noqa: N802
    return fields.List(fields.String(validate=validate.OneOf(sorted(choices))), **kw)


class BenefitIn(Schema):
    type = fields.String(required=True, validate=validate.OneOf(BENEFIT_TYPES))
    threshold = Fen(load_default=0)
    amount_off = Fen(load_default=0)
    percent = fields.Integer(strict=True, load_default=0, validate=validate.Range(min=0, max=99))
    cap = Fen(load_default=0)


class ScopeIn(Schema):
    partner_types = OneOfList(PARTNER_TYPES, load_default=list)
    merchant_ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=100)),
        load_default=list,
        validate=validate.Length(max=1000),
    )
    categories = OneOfList(all_slugs(), load_default=list)
    channels = OneOfList(
        CHANNELS, load_default=lambda: list(CHANNELS), validate=validate.Length(min=1)
    )


class CampaignIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=4000))
    benefit = fields.Nested(BenefitIn, required=True)
    subsidy = fields.Integer(
        strict=True, required=True, validate=validate.Range(min=1, max=MAX_FEN)
    )
    quantity = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=10**7))
    budget = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=MAX_FEN))
    per_member_limit = fields.Integer(
        strict=True, load_default=1, validate=validate.Range(min=1, max=100)
    )
    segments = OneOfList(SEGMENTS, load_default=list)
    regions = OneOfList(REGIONS, load_default=list)
    scope = fields.Nested(ScopeIn, load_default=lambda: ScopeIn().load({}))
    claim_starts_at = fields.AwareDateTime(required=True)
    claim_ends_at = fields.AwareDateTime(required=True)
    valid_from = fields.AwareDateTime(load_default=None, allow_none=True)
    valid_until = fields.AwareDateTime(load_default=None, allow_none=True)
    valid_days = fields.Integer(
        strict=True, load_default=None, allow_none=True, validate=validate.Range(min=1, max=3650)
    )


class CampaignPatch(CampaignIn):
    """Any subset of a draft's fields (used with partial=True)."""


class CampaignOut(Schema):
    id = fields.String()
    name = fields.String()
    description = fields.String()
    status = fields.String()
    benefit = fields.Dict()
    subsidy = fields.Integer()
    quantity = fields.Integer()
    budget = fields.Integer()
    per_member_limit = fields.Integer()
    segments = fields.List(fields.String())
    regions = fields.List(fields.String())
    scope = fields.Dict()
    claim_starts_at = fields.AwareDateTime()
    claim_ends_at = fields.AwareDateTime()
    validity = fields.Dict()
    created_at = fields.AwareDateTime()
    published_at = fields.AwareDateTime(allow_none=True)
    closed_at = fields.AwareDateTime(allow_none=True)
    claimed = fields.Integer()
    remaining_stock = fields.Integer()
    eligible = fields.Boolean()
    remaining_for_me = fields.Integer()


CampaignPage = page_of(CampaignOut, "CampaignPage")


class CampaignQuery(PageQuery):
    merchant_id = fields.String(validate=validate.Length(min=1, max=100))
    partner_type = fields.String(validate=validate.OneOf(PARTNER_TYPES))
    category = fields.String(validate=validate.OneOf(sorted(all_slugs())))
    region = fields.String(validate=validate.OneOf(sorted(REGIONS)))
    channel = fields.String(validate=validate.OneOf(CHANNELS))


class OpsCampaignQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(("draft", "published", "closed")))


class VoucherOut(Schema):
    id = fields.String()
    code = fields.String()
    display_code = fields.String()
    campaign_id = fields.String()
    campaign_name = fields.String()
    status = fields.String()
    claimed_at = fields.AwareDateTime()
    valid_from = fields.AwareDateTime()
    valid_until = fields.AwareDateTime()
    redeemed_at = fields.AwareDateTime(allow_none=True)
    benefit = fields.Dict()


VoucherPage = page_of(VoucherOut, "VoucherPage")


class VoucherQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(("issued", "redeemed", "reversed", "expired")))
