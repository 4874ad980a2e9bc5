"""Merchant service, revision 0001: applications, merchants, stores, keys, audit, totals."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.columns_v1 import big_id, fen, json, key, long_text, maybe, moment, real, string, whole
from shared.migration_steps_v1 import drop_tables, index, refers
from shared.outbox.migration_v1 import create_messaging_tables, drop_messaging_tables

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        big_id(),
        maybe(string("application_id", 36)),
        maybe(string("merchant_id", 36)),
        string("action", 30),
        string("actor_role", 20),
        maybe(string("actor_sub", 100)),
        maybe(string("from_state", 20)),
        maybe(string("to_state", 20)),
        maybe(long_text("reason")),
        moment("at"),
    )
    index("audit_log", "ix_audit_log_application_id", "application_id")
    index("audit_log", "ix_audit_log_merchant_id", "merchant_id")
    op.create_table(
        "credit_code_claims",
        key("credit_code", 18),
        string("application_id", 36),
        moment("claimed_at"),
    )
    op.create_table(
        "merchant_applications",
        key("id", 36),
        string("status", 20),
        string("legal_name", 100),
        string("credit_code", 18),
        string("partner_type", 30),
        string("contact_name", 50),
        string("contact_mobile", 11),
        string("region", 6),
        json("categories"),
        json("stores"),
        whole("discount_percent"),
        string("description", 500),
        string("secret_hash", 64),
        moment("first_submitted_at"),
        moment("submitted_at"),
        moment("review_deadline"),
        maybe(moment("decided_at")),
        maybe(string("reason", 500)),
        maybe(string("merchant_id", 36)),
        moment("updated_at"),
    )
    index("merchant_applications", "ix_applications_queue", "status", "submitted_at", "id")
    index("merchant_applications", "ix_merchant_applications_credit_code", "credit_code")
    op.create_table(
        "merchants",
        key("id", 36),
        string("application_id", 36),
        string("credit_code", 18),
        string("legal_name", 100),
        string("partner_type", 30),
        string("status", 20),
        string("contact_name", 50),
        string("contact_mobile", 11),
        string("region", 6),
        whole("discount_percent"),
        string("description", 500),
        maybe(string("status_reason", 500)),
        moment("created_at"),
        moment("updated_at"),
        sa.UniqueConstraint("application_id"),
        sa.UniqueConstraint("credit_code"),
    )
    index("merchants", "ix_merchants_directory", "status", "partner_type", "created_at", "id")
    op.create_table(
        "redemption_totals",
        key("merchant_id", 36),
        whole("redeemed"),
        whole("reversed"),
        fen("order_amount"),
        fen("discount"),
        fen("subsidy"),
        moment("updated_at"),
    )
    op.create_table(
        "api_keys",
        key("id", 36),
        string("merchant_id", 36),
        string("key_hash", 64),
        string("prefix", 12),
        moment("created_at"),
        maybe(moment("revoked_at")),
        refers("merchant_id", "merchants.id"),
        sa.UniqueConstraint("key_hash"),
    )
    index("api_keys", "ix_api_keys_merchant_id", "merchant_id")
    op.create_table(
        "merchant_categories",
        key("merchant_id", 36),
        key("category", 50),
        refers("merchant_id", "merchants.id"),
    )
    index("merchant_categories", "ix_merchant_categories_category", "category")
    op.create_table(
        "stores",
        key("id", 36),
        string("merchant_id", 36),
        string("name", 100),
        string("address", 200),
        string("region", 6),
        maybe(real("latitude")),
        maybe(real("longitude")),
        moment("created_at"),
        refers("merchant_id", "merchants.id"),
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
