"""Request and response bodies (marshmallow 4; unknown request fields are refused)."""

from __future__ import annotations

from datetime import datetime

from marshmallow import Schema, fields, validate

from services.voucher.domain.campaign import CHANNELS
from services.voucher.domain.money import AMOUNT_OFF, BENEFIT_TYPES, PERCENT_OFF
from shared.pagination import PageQuery, page_of
from shared.reference.categories import all_slugs
from shared.reference.members import PARTNER_TYPES, SEGMENTS
from shared.reference.regions import REGIONS
from shared.web.moments import Moment
from shared.web.out_schema import OutSchema

MAX_FEN = 10**12


def Fen(**kw) -> fields.Integer:  # reads like a field class
    return fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_FEN), **kw)


def OneOfList(choices, **kw) -> fields.List:
    return fields.List(fields.String(validate=validate.OneOf(sorted(choices))), **kw)


class BenefitIn(Schema):
    type = fields.String(required=True, validate=validate.OneOf(BENEFIT_TYPES))
    threshold = Fen(load_default=0)
    amount_off = Fen(load_default=0)
    percent = fields.Integer(strict=True, load_default=0, validate=validate.Range(min=0, max=99))
    cap = Fen(load_default=0)


# What `domain.money.benefit_errors` asks of each type, for the document (JSON Schema cannot say
# "subsidy <= the benefit's largest discount" or "quantity x subsidy <= budget": see below).
BENEFIT_SHAPES = {
    "description": f"`{AMOUNT_OFF}`: `amount_off` of at least 1 fen off an order of at least "
    f"`threshold`; `{PERCENT_OFF}`: `percent` (1 to 99) off, at most `cap` (at least 1 fen).",
    "oneOf": [
        {
            "type": "object",
            "required": ["type", "amount_off"],
            "properties": {"type": {"enum": [AMOUNT_OFF]}, "amount_off": {"minimum": 1}},
        },
        {
            "type": "object",
            "required": ["type", "percent", "cap"],
            "properties": {
                "type": {"enum": [PERCENT_OFF]},
                "percent": {"minimum": 1},
                "cap": {"minimum": 1},
            },
        },
    ],
}


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


VALIDITY = {"description": "Give either `valid_days` (from each claim) or both `valid_from` "
            "and `valid_until`, never both ways."}  # fmt: skip


class CampaignIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=4000))
    benefit = fields.Nested(BenefitIn, required=True, metadata=BENEFIT_SHAPES)
    subsidy = fields.Integer(
        strict=True,
        required=True,
        validate=validate.Range(min=1, max=MAX_FEN),
        metadata={
            "description": "Fen the union pays per redemption, at most: no more than the "
            "benefit's largest discount (`amount_off`, or `cap`), else 422 `validation_failed`."
        },
    )
    quantity = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=10**7))
    budget = fields.Integer(
        strict=True,
        required=True,
        validate=validate.Range(min=1, max=MAX_FEN),
        metadata={"description": "At least quantity x subsidy fen, else 422 `budget_exceeded`."},
    )
    per_member_limit = fields.Integer(
        strict=True, load_default=1, validate=validate.Range(min=1, max=100)
    )
    segments = OneOfList(SEGMENTS, load_default=list)
    regions = OneOfList(REGIONS, load_default=list)
    scope = fields.Nested(ScopeIn, load_default=lambda: ScopeIn().load({}))
    claim_starts_at = Moment(required=True)
    claim_ends_at = Moment(required=True, metadata={"description": "After `claim_starts_at`."})
    valid_from = Moment(load_default=None, allow_none=True, metadata=VALIDITY)
    valid_until = Moment(
        load_default=None,
        allow_none=True,
        metadata={"description": "After `valid_from` and `claim_ends_at`."},
    )
    valid_days = fields.Integer(
        strict=True,
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=1, max=3650),
        metadata=VALIDITY,
    )

    class Meta:
        # `domain.campaign.campaign_errors`' validity rule, as JSON Schema
        openapi = {
            "oneOf": [
                {
                    "required": ["valid_days"],
                    "properties": {
                        "valid_days": {"type": "integer"},
                        "valid_from": {"enum": [None]},
                        "valid_until": {"enum": [None]},
                    },
                },
                {
                    "required": ["valid_from", "valid_until"],
                    "properties": {
                        "valid_from": {"type": "string"},
                        "valid_until": {"type": "string"},
                        "valid_days": {"enum": [None]},
                    },
                },
            ]
        }


class CampaignPatch(CampaignIn):
    """Any subset of a draft's fields (used with partial=True)."""

    class Meta:
        openapi = None  # the rules hold for the draft the patch makes, not for the patch


class ValidityOut(OutSchema):
    """How long a claimed voucher stays valid: fixed dates, or days from its claim."""

    valid_from: datetime | None
    valid_until: datetime | None
    valid_days: int | None


class CampaignOut(OutSchema):
    id: str
    name: str
    description: str
    status: str
    benefit: dict
    subsidy: int
    quantity: int
    budget: int
    per_member_limit: int
    segments: list[str]
    regions: list[str]
    scope: dict
    claim_starts_at: datetime
    claim_ends_at: datetime
    validity: ValidityOut
    created_at: datetime
    published_at: datetime | None
    closed_at: datetime | None
    claimed: int
    remaining_stock: int
    eligible: bool
    remaining_for_me: int


CampaignPage = page_of(CampaignOut, "CampaignPage")


class CampaignQuery(PageQuery):
    merchant_id = fields.String(validate=validate.Length(min=1, max=100))
    partner_type = fields.String(validate=validate.OneOf(PARTNER_TYPES))
    category = fields.String(validate=validate.OneOf(sorted(all_slugs())))
    region = fields.String(validate=validate.OneOf(sorted(REGIONS)))
    channel = fields.String(validate=validate.OneOf(CHANNELS))


class OpsCampaignQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(("draft", "published", "closed")))


class VoucherOut(OutSchema):
    id: str
    code: str
    display_code: str
    campaign_id: str
    campaign_name: str
    status: str
    claimed_at: datetime
    valid_from: datetime
    valid_until: datetime
    redeemed_at: datetime | None
    benefit: dict


VoucherPage = page_of(VoucherOut, "VoucherPage")


class VoucherQuery(PageQuery):
    status = fields.String(validate=validate.OneOf(("issued", "redeemed", "reversed", "expired")))
