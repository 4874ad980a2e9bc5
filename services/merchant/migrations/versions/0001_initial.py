"""Merchant service, revision 0001: applications, merchants, stores, keys, audit, totals."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.ddl_v1 import big_id, bigint, float8, integer, json, maybe, text, timestamptz, varchar
from shared.migration_steps_v1 import drop_tables, index, primary_key, refers
from shared.outbox.migration_v1 import create_messaging_tables, drop_messaging_tables

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        big_id(),
        maybe(varchar("application_id", 36)),
        maybe(varchar("merchant_id", 36)),
        varchar("action", 30),
        varchar("actor_role", 20),
        maybe(varchar("actor_sub", 100)),
        maybe(varchar("from_state", 20)),
        maybe(varchar("to_state", 20)),
        maybe(text("reason")),
        timestamptz("at"),
    )
    index("audit_log", "ix_audit_log_application_id", "application_id")
    index("audit_log", "ix_audit_log_merchant_id", "merchant_id")
    op.create_table(
        "credit_code_claims",
        varchar("credit_code", 18),
        varchar("application_id", 36),
        timestamptz("claimed_at"),
        primary_key("credit_code"),
    )
    op.create_table(
        "merchant_applications",
        varchar("id", 36),
        varchar("status", 20),
        varchar("legal_name", 100),
        varchar("credit_code", 18),
        varchar("partner_type", 30),
        varchar("contact_name", 50),
        varchar("contact_mobile", 11),
        varchar("region", 6),
        json("categories"),
        json("stores"),
        integer("discount_percent"),
        varchar("description", 500),
        varchar("secret_hash", 64),
        timestamptz("first_submitted_at"),
        timestamptz("submitted_at"),
        timestamptz("review_deadline"),
        maybe(timestamptz("decided_at")),
        maybe(varchar("reason", 500)),
        maybe(varchar("merchant_id", 36)),
        timestamptz("updated_at"),
        primary_key("id"),
    )
    index("merchant_applications", "ix_applications_queue", "status", "submitted_at", "id")
    index("merchant_applications", "ix_merchant_applications_credit_code", "credit_code")
    op.create_table(
        "merchants",
        varchar("id", 36),
        varchar("application_id", 36),
        varchar("credit_code", 18),
        varchar("legal_name", 100),
        varchar("partner_type", 30),
        varchar("status", 20),
        varchar("contact_name", 50),
        varchar("contact_mobile", 11),
        varchar("region", 6),
        integer("discount_percent"),
        varchar("description", 500),
        maybe(varchar("status_reason", 500)),
        timestamptz("created_at"),
        timestamptz("updated_at"),
        sa.UniqueConstraint("application_id"),
        sa.UniqueConstraint("credit_code"),
        primary_key("id"),
    )
    index("merchants", "ix_merchants_directory", "status", "partner_type", "created_at", "id")
    op.create_table(
        "redemption_totals",
        varchar("merchant_id", 36),
        integer("redeemed"),
        integer("reversed"),
        bigint("order_amount"),
        bigint("discount"),
        bigint("subsidy"),
        timestamptz("updated_at"),
        primary_key("merchant_id"),
    )
    op.create_table(
        "api_keys",
        varchar("id", 36),
        varchar("merchant_id", 36),
        varchar("key_hash", 64),
        varchar("prefix", 12),
        timestamptz("created_at"),
        maybe(timestamptz("revoked_at")),
        refers("merchant_id", "merchants.id"),
        sa.UniqueConstraint("key_hash"),
        primary_key("id"),
    )
    index("api_keys", "ix_api_keys_merchant_id", "merchant_id")
    op.create_table(
        "merchant_categories",
        varchar("merchant_id", 36),
        varchar("category", 50),
        refers("merchant_id", "merchants.id"),
        primary_key("merchant_id", "category"),
    )
    index("merchant_categories", "ix_merchant_categories_category", "category")
    op.create_table(
        "stores",
        varchar("id", 36),
        varchar("merchant_id", 36),
        varchar("name", 100),
        varchar("address", 200),
        varchar("region", 6),
        maybe(float8("latitude")),
        maybe(float8("longitude")),
        timestamptz("created_at"),
        refers("merchant_id", "merchants.id"),
        primary_key("id"),
    )
    index("stores", "ix_stores_merchant_id", "merchant_id")
    create_messaging_tables()


def downgrade() -> None:
    drop_messaging_tables()
    drop_tables(
        "stores",
        "merchant_categories",
        "api_keys",
        "redemption_totals",
        "merchants",
        "merchant_applications",
        "credit_code_claims",
        "audit_log",
    )
