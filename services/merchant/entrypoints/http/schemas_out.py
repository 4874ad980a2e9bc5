"""Response bodies: money in fen, times RFC 3339 UTC."""

from __future__ import annotations

from datetime import datetime

from marshmallow import fields

from shared.pagination import page_of
from shared.web.out_schema import OutSchema


class StoreOut(OutSchema):
    id: str
    name: str
    address: str
    region: str
    latitude: float | None
    longitude: float | None


class StoreList(OutSchema):
    items: list[StoreOut]


class ApplicationOut(OutSchema):
    id: str
    status: str
    legal_name: str
    credit_code: str
    partner_type: str
    contact_name: str
    contact_mobile: str
    region: str
    categories: list[str]
    stores: list[dict]
    discount_percent: int
    description: str
    first_submitted_at: datetime
    submitted_at: datetime
    review_deadline: datetime
    overdue: bool
    decided_at: datetime | None
    reason: str | None
    merchant_id: str | None


class ApplicationCreated(ApplicationOut):
    secret: str = fields.String(
        metadata={
            "description": "Shown once; send it as X-Application-Secret. Left out of an"
            " Idempotency-Key replay (Idempotent-Replayed: true)."
        }
    )


class AuditEntry(OutSchema):
    id: int
    application_id: str | None
    merchant_id: str | None
    action: str
    actor_role: str
    actor_sub: str | None
    from_state: str | None
    to_state: str | None
    reason: str | None
    at: datetime


class ApplicationDetail(ApplicationOut):
    audit: list[AuditEntry]
    same_credit_code: list[ApplicationOut] = fields.List(
        fields.Nested(ApplicationOut),
        metadata={
            "description": "Other applications naming this credit code, oldest first: approving"
            " one rejects the others still waiting."
        },
    )


ApplicationPage = page_of(ApplicationOut, "ApplicationPage")


class MerchantPublic(OutSchema):
    id: str
    legal_name: str
    partner_type: str
    region: str
    categories: list[str]
    discount_percent: int
    description: str
    created_at: datetime
    stores: list[StoreOut]


class MerchantOut(MerchantPublic):
    credit_code: str
    status: str
    status_reason: str | None
    contact_name: str
    contact_mobile: str
    application_id: str
    updated_at: datetime


class OwnProfile(MerchantOut):
    pending_categories: list[str] | None = fields.List(
        fields.String(),
        allow_none=True,
        metadata={"description": "Categories asked for and waiting for ops review, or null"},
    )


PublicPage = page_of(MerchantPublic, "PublicPage")


MerchantPage = page_of(MerchantOut, "MerchantPage")


class ApiKeyOut(OutSchema):
    api_key: str = fields.String(metadata={"description": "Shown once; send it as X-Api-Key"})
    api_key_prefix: str
    issued_at: datetime


class KeyRetrieved(ApiKeyOut):
    merchant_id: str


class KeyLinkOut(OutSchema):
    id: str
    merchant_id: str
    sent_to: str = fields.String(metadata={"description": "The contact mobile, masked"})
    expires_at: datetime


class ApiKeyInfo(OutSchema):
    api_key_prefix: str
    issued_at: datetime


class Approval(OutSchema):
    application: ApplicationOut
    merchant: MerchantOut
    key_link: KeyLinkOut = fields.Nested(
        KeyLinkOut,
        metadata={"description": "Where the one-time link to the first key went (never the key)"},
    )


class Decision(OutSchema):
    application: ApplicationOut


class AuditTrail(OutSchema):
    merchant_id: str
    items: list[AuditEntry]


class Dashboard(OutSchema):
    merchant_id: str
    redemptions: int = fields.Integer(metadata={"description": "Redeemed minus reversed"})
    redeemed: int
    reversed: int
    order_amount: int = fields.Integer(metadata={"description": "fen, net of reversals"})
    discount: int = fields.Integer(metadata={"description": "fen, net of reversals"})
    subsidy: int = fields.Integer(metadata={"description": "fen, net of reversals"})
    updated_at: datetime | None


class PartnerCount(OutSchema):
    active: int
    target: int


class Kpis(OutSchema):
    partners: dict = fields.Dict(keys=fields.String(), values=fields.Nested(PartnerCount))
    reviews: dict


class Verified(OutSchema):
    merchant_id: str
    status: str
    partner_type: str
