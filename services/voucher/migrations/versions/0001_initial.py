"""Voucher service, revision 0001: campaigns, vouchers, redemptions, ledger, merchants."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.ddl_v1 import big_id, bigint, integer, json, maybe, text, timestamptz, varchar
from shared.migration_steps_v1 import drop_tables, index, primary_key, refers
from shared.outbox.migration_v1 import create_messaging_tables, drop_messaging_tables

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        varchar("id", 36),
        varchar("name", 200),
        text("description"),
        varchar("status", 20),
        json("benefit"),
        bigint("subsidy"),
        integer("quantity"),
        bigint("budget"),
        integer("per_member_limit"),
        json("segments"),
        json("regions"),
        json("scope"),
        timestamptz("claim_starts_at"),
        timestamptz("claim_ends_at"),
        maybe(timestamptz("valid_from")),
        maybe(timestamptz("valid_until")),
        maybe(integer("valid_days")),
        maybe(varchar("created_by", 100)),
        timestamptz("created_at"),
        timestamptz("updated_at"),
        maybe(timestamptz("published_at")),
        maybe(timestamptz("closed_at")),
        primary_key("id"),
    )
    index("campaigns", "ix_campaigns_status", "status")
    # The merchant copy as it first was; 0002_merchant_standing gives it its shared shape.
    op.create_table(
        "merchants",
        varchar("merchant_id", 100),
        varchar("legal_name", 300),
        varchar("partner_type", 30),
        varchar("status", 20),
        varchar("region", 10),
        json("categories"),
        json("stores"),
        timestamptz("as_of"),
        primary_key("merchant_id"),
    )
    op.create_table(
        "vouchers",
        varchar("id", 36),
        varchar("code", 20),
        varchar("campaign_id", 36),
        varchar("member_id", 100),
        integer("claim_seq"),
        integer("slot"),
        maybe(varchar("idempotency_key", 200)),
        varchar("status", 20),
        bigint("subsidy"),
        timestamptz("claimed_at"),
        timestamptz("valid_from"),
        timestamptz("valid_until"),
        maybe(timestamptz("redeemed_at")),
        maybe(timestamptz("expired_at")),
        refers("campaign_id", "campaigns.id"),
        sa.UniqueConstraint("campaign_id", "member_id", "claim_seq", name="uq_voucher_member_seq"),
        sa.UniqueConstraint("campaign_id", "slot", name="uq_voucher_slot"),
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("member_id", "idempotency_key", name="uq_voucher_idempotency"),
        primary_key("id"),
    )
    index("vouchers", "ix_vouchers_expiry", "status", "valid_until")
    index("vouchers", "ix_vouchers_member", "member_id", "claimed_at")
    op.create_table(
        "redemptions",
        varchar("id", 36),
        varchar("voucher_id", 36),
        varchar("campaign_id", 36),
        varchar("member_id", 100),
        varchar("merchant_id", 100),
        maybe(varchar("store_id", 100)),
        varchar("channel", 10),
        maybe(varchar("category", 50)),
        bigint("order_amount"),
        bigint("discount"),
        bigint("payable"),
        bigint("subsidy"),
        timestamptz("redeemed_at"),
        maybe(timestamptz("reversed_at")),
        maybe(varchar("reversal_reason", 500)),
        refers("voucher_id", "vouchers.id"),
        sa.UniqueConstraint("voucher_id"),
        primary_key("id"),
    )
    index("redemptions", "ix_redemptions_member_id", "member_id")
    index("redemptions", "ix_redemptions_merchant_id", "merchant_id")
    op.create_table(
        "ledger_entries",
        big_id(),
        varchar("merchant_id", 100),
        varchar("campaign_id", 36),
        varchar("redemption_id", 36),
        varchar("kind", 20),
        bigint("amount"),
        varchar("period", 7),
        timestamptz("created_at"),
        refers("redemption_id", "redemptions.id"),
        sa.UniqueConstraint("redemption_id", "kind", name="uq_ledger_once"),
    )
    index("ledger_entries", "ix_ledger_period", "period", "merchant_id")
    create_messaging_tables()


def downgrade() -> None:
    drop_messaging_tables()
    drop_tables("ledger_entries", "redemptions", "vouchers", "merchants", "campaigns")
