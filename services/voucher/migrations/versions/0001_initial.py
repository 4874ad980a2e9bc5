"""Voucher service, revision 0001: campaigns, vouchers, redemptions, ledger, merchants."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.columns_v1 import big_id, fen, json, key, long_text, maybe, moment, string, whole
from shared.migration_steps_v1 import drop_tables, index, refers
from shared.outbox.migration_v1 import create_messaging_tables, drop_messaging_tables

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        key("id", 36),
        string("name", 200),
        long_text("description"),
        string("status", 20),
        json("benefit"),
        fen("subsidy"),
        whole("quantity"),
        fen("budget"),
        whole("per_member_limit"),
        json("segments"),
        json("regions"),
        json("scope"),
        moment("claim_starts_at"),
        moment("claim_ends_at"),
        maybe(moment("valid_from")),
        maybe(moment("valid_until")),
        maybe(whole("valid_days")),
        maybe(string("created_by", 100)),
        moment("created_at"),
        moment("updated_at"),
        maybe(moment("published_at")),
        maybe(moment("closed_at")),
    )
    index("campaigns", "ix_campaigns_status", "status")
    # The merchant copy as it first was; 0002_merchant_standing gives it its shared shape.
    op.create_table(
        "merchants",
        key("merchant_id", 100),
        string("legal_name", 300),
        string("partner_type", 30),
        string("status", 20),
        string("region", 10),
        json("categories"),
        json("stores"),
        moment("as_of"),
    )
    op.create_table(
        "vouchers",
        key("id", 36),
        string("code", 20),
        string("campaign_id", 36),
        string("member_id", 100),
        whole("claim_seq"),
        whole("slot"),
        maybe(string("idempotency_key", 200)),
        string("status", 20),
        fen("subsidy"),
        moment("claimed_at"),
        moment("valid_from"),
        moment("valid_until"),
        maybe(moment("redeemed_at")),
        maybe(moment("expired_at")),
        refers("campaign_id", "campaigns.id"),
        sa.UniqueConstraint("campaign_id", "member_id", "claim_seq", name="uq_voucher_member_seq"),
        sa.UniqueConstraint("campaign_id", "slot", name="uq_voucher_slot"),
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("member_id", "idempotency_key", name="uq_voucher_idempotency"),
    )
    index("vouchers", "ix_vouchers_expiry", "status", "valid_until")
    index("vouchers", "ix_vouchers_member", "member_id", "claimed_at")
    op.create_table(
        "redemptions",
        key("id", 36),
        string("voucher_id", 36),
        string("campaign_id", 36),
        string("member_id", 100),
        string("merchant_id", 100),
        maybe(string("store_id", 100)),
        string("channel", 10),
        maybe(string("category", 50)),
        fen("order_amount"),
        fen("discount"),
        fen("payable"),
        fen("subsidy"),
        moment("redeemed_at"),
        maybe(moment("reversed_at")),
        maybe(string("reversal_reason", 500)),
        refers("voucher_id", "vouchers.id"),
        sa.UniqueConstraint("voucher_id"),
    )
    index("redemptions", "ix_redemptions_member_id", "member_id")
    index("redemptions", "ix_redemptions_merchant_id", "merchant_id")
    op.create_table(
        "ledger_entries",
        big_id(),
        string("merchant_id", 100),
        string("campaign_id", 36),
        string("redemption_id", 36),
        string("kind", 20),
        fen("amount"),
        string("period", 7),
        moment("created_at"),
        refers("redemption_id", "redemptions.id"),
        sa.UniqueConstraint("redemption_id", "kind", name="uq_ledger_once"),
    )
    index("ledger_entries", "ix_ledger_period", "period", "merchant_id")
    create_messaging_tables()


def downgrade() -> None:
    drop_messaging_tables()
    drop_tables("ledger_entries", "redemptions", "vouchers", "merchants", "campaigns")
