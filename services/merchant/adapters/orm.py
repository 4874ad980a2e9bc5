"""Tables of the merchant service (SQLAlchemy Core; the same on SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from shared.db_types import UtcDateTime
from shared.outbox.tables import define_messaging_tables

metadata = MetaData()
messaging = define_messaging_tables(metadata)

# SQLite only auto-increments a plain INTEGER primary key.
_BigId = BigInteger().with_variant(Integer(), "sqlite")
_When = UtcDateTime()

applications = Table(
    "merchant_applications",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("status", String(20), nullable=False),
    Column("legal_name", String(100), nullable=False),
    Column("credit_code", String(18), nullable=False, index=True),
    Column("partner_type", String(30), nullable=False),
    Column("contact_name", String(50), nullable=False),
    Column("contact_mobile", String(11), nullable=False),
    Column("region", String(6), nullable=False),
    Column("categories", JSON, nullable=False),
    Column("stores", JSON, nullable=False),
    Column("discount_percent", Integer, nullable=False),
    Column("description", String(500), nullable=False, default=""),
    Column("secret_hash", String(64), nullable=False),
    Column("first_submitted_at", _When, nullable=False),
    Column("submitted_at", _When, nullable=False),
    Column("review_deadline", _When, nullable=False),
    Column("decided_at", _When, nullable=True),
    Column("reason", String(500), nullable=True),
    Column("merchant_id", String(36), nullable=True),
    Column("updated_at", _When, nullable=False),
    Index("ix_applications_queue", "status", "submitted_at", "id"),
)

# One row per credit code in use: the DB itself refuses a second holder, even under races.
credit_code_claims = Table(
    "credit_code_claims",
    metadata,
    Column("credit_code", String(18), primary_key=True),
    Column("application_id", String(36), nullable=False),
    Column("claimed_at", _When, nullable=False),
)

merchants = Table(
    "merchants",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("application_id", String(36), nullable=False, unique=True),
    Column("credit_code", String(18), nullable=False, unique=True),
    Column("legal_name", String(100), nullable=False),
    Column("partner_type", String(30), nullable=False),
    Column("status", String(20), nullable=False),
    Column("contact_name", String(50), nullable=False),
    Column("contact_mobile", String(11), nullable=False),
    Column("region", String(6), nullable=False),
    Column("discount_percent", Integer, nullable=False),
    Column("description", String(500), nullable=False, default=""),
    Column("status_reason", String(500), nullable=True),
    Column("created_at", _When, nullable=False),
    Column("updated_at", _When, nullable=False),
    Index("ix_merchants_directory", "status", "partner_type", "created_at", "id"),
)

# Categories a merchant serves, one row each, so the directory can filter by them in SQL.
merchant_categories = Table(
    "merchant_categories",
    metadata,
    Column("merchant_id", String(36), ForeignKey("merchants.id"), primary_key=True),
    Column("category", String(50), primary_key=True),
    Index("ix_merchant_categories_category", "category"),
)

stores = Table(
    "stores",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("merchant_id", String(36), ForeignKey("merchants.id"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("address", String(200), nullable=False),
    Column("region", String(6), nullable=False),
    Column("latitude", Float, nullable=True),
    Column("longitude", Float, nullable=True),
    Column("created_at", _When, nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("merchant_id", String(36), ForeignKey("merchants.id"), nullable=False, index=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(12), nullable=False),
    Column("created_at", _When, nullable=False),
    Column("revoked_at", _When, nullable=True),
)

# A merchant's request to serve other categories; they change only once ops approve it.
category_changes = Table(
    "category_changes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("merchant_id", String(36), ForeignKey("merchants.id"), nullable=False, index=True),
    Column("categories", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("requested_at", _When, nullable=False),
    Column("decided_at", _When, nullable=True),
    Column("decided_by", String(100), nullable=True),
    Column("reason", String(500), nullable=True),
    Index("ix_category_changes_queue", "status", "requested_at", "id"),
)

# One-time links ops ask for, through which a merchant's contact fetches a new API key. Only the
# link token's HMAC is stored; the key itself is made when the link is used.
key_links = Table(
    "key_links",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("merchant_id", String(36), ForeignKey("merchants.id"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("requested_by", String(100), nullable=True),
    Column("requested_at", _When, nullable=False),
    Column("expires_at", _When, nullable=False),
    Column("used_at", _When, nullable=True),
)

# Messages waiting for the SMS gateway, sealed (Fernet) because they carry one-time links.
contact_messages = Table(
    "contact_messages",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("merchant_id", String(36), nullable=False, index=True),
    Column("recipient", String(20), nullable=False),
    Column("sealed_body", Text, nullable=False),
    Column("created_at", _When, nullable=False),
    Column("sent_at", _When, nullable=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", _BigId, primary_key=True, autoincrement=True),
    Column("application_id", String(36), nullable=True, index=True),
    Column("merchant_id", String(36), nullable=True, index=True),
    Column("action", String(30), nullable=False),
    Column("actor_role", String(20), nullable=False),
    Column("actor_sub", String(100), nullable=True),
    Column("from_state", String(20), nullable=True),
    Column("to_state", String(20), nullable=True),
    Column("reason", Text, nullable=True),
    Column("at", _When, nullable=False),
)

redemption_totals = Table(
    "redemption_totals",
    metadata,
    Column("merchant_id", String(36), primary_key=True),
    Column("redeemed", Integer, nullable=False, default=0),
    Column("reversed", Integer, nullable=False, default=0),
    Column("order_amount", BigInteger, nullable=False, default=0),
    Column("discount", BigInteger, nullable=False, default=0),
    Column("subsidy", BigInteger, nullable=False, default=0),
    Column("updated_at", _When, nullable=False),
)
