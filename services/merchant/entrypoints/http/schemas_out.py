"""Response bodies: money in fen, times RFC 3339 UTC."""

from __future__ import annotations

from marshmallow import Schema, fields

from shared.pagination import page_of


class StoreOut(Schema):
    id = fields.String()
    name = fields.String()
    address = fields.String()
    region = fields.String()
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)


class StoreList(Schema):
    items = fields.List(fields.Nested(StoreOut))


class ApplicationOut(Schema):
    id = fields.String()
    status = fields.String()
    legal_name = fields.String()
    credit_code = fields.String()
    partner_type = fields.String()
    contact_name = fields.String()
    contact_mobile = fields.String()
    region = fields.String()
    categories = fields.List(fields.String())
    stores = fields.List(fields.Dict())
    discount_percent = fields.Integer()
    description = fields.String()
    first_submitted_at = fields.AwareDateTime()
    submitted_at = fields.AwareDateTime()
    review_deadline = fields.AwareDateTime()
    overdue = fields.Boolean()
    decided_at = fields.AwareDateTime(allow_none=True)
    reason = fields.String(allow_none=True)
    merchant_id = fields.String(allow_none=True)


class ApplicationCreated(ApplicationOut):
    secret = fields.String(
        metadata={
            "description": "Shown once; send it as X-Application-Secret. Left out of an"
            " Idempotency-Key replay (Idempotent-Replayed: true)."
        }
    )


class AuditEntry(Schema):
    id = fields.Integer()
    application_id = fields.String(allow_none=True)
    merchant_id = fields.String(allow_none=True)
    action = fields.String()
    actor_role = fields.String()
    actor_sub = fields.String(allow_none=True)
    from_state = fields.String(allow_none=True)
    to_state = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    at = fields.AwareDateTime()


class ApplicationDetail(ApplicationOut):
    audit = fields.List(fields.Nested(AuditEntry))
    same_credit_code = fields.List(
        fields.Nested(ApplicationOut),
        metadata={
            "description": "Other applications naming this credit code, oldest first: approving"
            " one rejects the others still waiting."
        },
    )


ApplicationPage = page_of(ApplicationOut, "ApplicationPage")


class MerchantPublic(Schema):
    id = fields.String()
    legal_name = fields.String()
    partner_type = fields.String()
    region = fields.String()
    categories = fields.List(fields.String())
    discount_percent = fields.Integer()
    description = fields.String()
    created_at = fields.AwareDateTime()
    stores = fields.List(fields.Nested(StoreOut))


class MerchantOut(MerchantPublic):
    credit_code = fields.String()
    status = fields.String()
    status_reason = fields.String(allow_none=True)
    contact_name = fields.String()
    contact_mobile = fields.String()
    application_id = fields.String()
    updated_at = fields.AwareDateTime()


class OwnProfile(MerchantOut):
    pending_categories = fields.List(
        fields.String(),
        allow_none=True,
        metadata={"description": "Categories asked for and waiting for ops review, or null"},
    )


PublicPage = page_of(MerchantPublic, "PublicPage")


MerchantPage = page_of(MerchantOut, "MerchantPage")


class ApiKeyOut(Schema):
    api_key = fields.String(metadata={"description": "Shown once; send it as X-Api-Key"})
    api_key_prefix = fields.String()
    issued_at = fields.AwareDateTime()


class KeyRetrieved(ApiKeyOut):
    merchant_id = fields.String()


class KeyLinkOut(Schema):
    id = fields.String()
    merchant_id = fields.String()
    sent_to = fields.String(metadata={"description": "The contact mobile, masked"})
    expires_at = fields.AwareDateTime()


class ApiKeyInfo(Schema):
    api_key_prefix = fields.String()
    issued_at = fields.AwareDateTime()


class Approval(ApiKeyOut):
    application = fields.Nested(ApplicationOut)
    merchant = fields.Nested(MerchantOut)


class Decision(Schema):
    application = fields.Nested(ApplicationOut)


class AuditTrail(Schema):
    merchant_id = fields.String()
    items = fields.List(fields.Nested(AuditEntry))


class Dashboard(Schema):
    merchant_id = fields.String()
    redemptions = fields.Integer(metadata={"description": "Redeemed minus reversed"})
    redeemed = fields.Integer()
    reversed = fields.Integer()
    order_amount = fields.Integer(metadata={"description": "fen, net of reversals"})
    discount = fields.Integer(metadata={"description": "fen, net of reversals"})
    subsidy = fields.Integer(metadata={"description": "fen, net of reversals"})
    updated_at = fields.AwareDateTime(allow_none=True)


class PartnerCount(Schema):
    active = fields.Integer()
    target = fields.Integer()


class Kpis(Schema):
    partners = fields.Dict(keys=fields.String(), values=fields.Nested(PartnerCount))
    reviews = fields.Dict()


class Verified(Schema):
    merchant_id = fields.String()
    status = fields.String()
    partner_type = fields.String()
