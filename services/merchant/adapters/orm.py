"""Tables of the merchant service (SQLAlchemy Core; the same on SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Table

from shared.db_columns import big_id, fen, json, key, long_text, maybe, moment, real, string, whole
from shared.outbox.tables import service_metadata

metadata, messaging = service_metadata()

applications = Table(
    "merchant_applications",
    metadata,
    key("id", 36),
    string("status", 20),
    string("legal_name", 100),
    string("credit_code", 18, index=True),
    string("partner_type", 30),
    string("contact_name", 50),
    string("contact_mobile", 11),
    string("region", 6),
    json("categories"),
    json("stores"),
    whole("discount_percent"),
    string("description", 500, default=""),
    string("secret_hash", 64),
    moment("first_submitted_at"),
    moment("submitted_at"),
    moment("review_deadline"),
    maybe(moment("decided_at")),
    maybe(string("reason", 500)),
    maybe(string("merchant_id", 36)),
    moment("updated_at"),
    Index("ix_applications_queue", "status", "submitted_at", "id"),
)

# One row per credit code in use: the DB itself refuses a second holder, even under races.
credit_code_claims = Table(
    "credit_code_claims",
    metadata,
    key("credit_code", 18),
    string("application_id", 36),
    moment("claimed_at"),
)

merchants = Table(
    "merchants",
    metadata,
    key("id", 36),
    string("application_id", 36, unique=True),
    string("credit_code", 18, unique=True),
    string("legal_name", 100),
    string("partner_type", 30),
    string("status", 20),
    string("contact_name", 50),
    string("contact_mobile", 11),
    string("region", 6),
    whole("discount_percent"),
    string("description", 500, default=""),
    maybe(string("status_reason", 500)),
    moment("created_at"),
    moment("updated_at"),
    Index("ix_merchants_directory", "status", "partner_type", "created_at", "id"),
)

# Categories a merchant serves, one row each, so the directory can filter by them in SQL.
merchant_categories = Table(
    "merchant_categories",
    metadata,
    key("merchant_id", 36, ForeignKey("merchants.id")),
    key("category", 50),
    Index("ix_merchant_categories_category", "category"),
)

stores = Table(
    "stores",
    metadata,
    key("id", 36),
    string("merchant_id", 36, ForeignKey("merchants.id"), index=True),
    string("name", 100),
    string("address", 200),
    string("region", 6),
    maybe(real("latitude")),
    maybe(real("longitude")),
    moment("created_at"),
)

api_keys = Table(
    "api_keys",
    metadata,
    key("id", 36),
    string("merchant_id", 36, ForeignKey("merchants.id"), index=True),
    string("key_hash", 64, unique=True),
    string("prefix", 12),
    moment("created_at"),
    maybe(moment("revoked_at")),
)

# A merchant's request to serve other categories; they change only once ops approve it.
category_changes = Table(
    "category_changes",
    metadata,
    key("id", 36),
    string("merchant_id", 36, ForeignKey("merchants.id"), index=True),
    json("categories"),
    string("status", 20),
    moment("requested_at"),
    maybe(moment("decided_at")),
    maybe(string("decided_by", 100)),
    maybe(string("reason", 500)),
    Index("ix_category_changes_queue", "status", "requested_at", "id"),
)

# One-time links ops ask for, through which a merchant's contact fetches a new API key. Only the
# link token's HMAC is stored; the key itself is made when the link is used.
key_links = Table(
    "key_links",
    metadata,
    key("id", 36),
    string("merchant_id", 36, ForeignKey("merchants.id"), index=True),
    string("token_hash", 64, unique=True),
    maybe(string("requested_by", 100)),
    moment("requested_at"),
    moment("expires_at"),
    maybe(moment("used_at")),
)

# Messages waiting for the SMS gateway, sealed (Fernet) because they carry one-time links.
contact_messages = Table(
    "contact_messages",
    metadata,
    key("id", 36),
    string("merchant_id", 36, index=True),
    string("recipient", 20),
    long_text("sealed_body"),
    moment("created_at"),
    maybe(moment("sent_at")),
)

audit_log = Table(
    "audit_log",
    metadata,
    big_id(),
    maybe(string("application_id", 36, index=True)),
    maybe(string("merchant_id", 36, index=True)),
    string("action", 30),
    string("actor_role", 20),
    maybe(string("actor_sub", 100)),
    maybe(string("from_state", 20)),
    maybe(string("to_state", 20)),
    maybe(long_text("reason")),
    moment("at"),
)

redemption_totals = Table(
    "redemption_totals",
    metadata,
    key("merchant_id", 36),
    whole("redeemed", default=0),
    whole("reversed", default=0),
    fen("order_amount", default=0),
    fen("discount", default=0),
    fen("subsidy", default=0),
    moment("updated_at"),
)
