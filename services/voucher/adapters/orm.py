"""The voucher service's tables; unique constraints make the database the final guard."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Table, UniqueConstraint

from shared.db_columns import big_id, fen, json, key, long_text, maybe, moment, string, whole
from shared.merchant_standing.projection import define_merchants_table
from shared.outbox.tables import service_metadata

metadata, messaging = service_metadata()

merchants = define_merchants_table(metadata)  # the standing copy (shared.merchant_standing)

campaigns = Table(
    "campaigns",
    metadata,
    key("id", 36),
    string("name", 200),
    long_text("description", default=""),
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
    Index("ix_campaigns_open", "status", "claim_ends_at"),
)

vouchers = Table(
    "vouchers",
    metadata,
    key("id", 36),
    string("code", 20, unique=True),
    string("campaign_id", 36, ForeignKey("campaigns.id")),
    string("member_id", 100),
    # claim_seq in 1..per_member_limit and slot in 1..quantity: unique, so the database
    # alone already forbids a member past the limit and a campaign past its quantity.
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
    UniqueConstraint("campaign_id", "member_id", "claim_seq", name="uq_voucher_member_seq"),
    UniqueConstraint("campaign_id", "slot", name="uq_voucher_slot"),
    UniqueConstraint("member_id", "idempotency_key", name="uq_voucher_idempotency"),
    Index("ix_vouchers_member", "member_id", "claimed_at"),
    Index("ix_vouchers_expiry", "status", "valid_until"),
)

redemptions = Table(
    "redemptions",
    metadata,
    key("id", 36),
    string("voucher_id", 36, ForeignKey("vouchers.id"), unique=True),
    string("campaign_id", 36, ForeignKey("campaigns.id")),
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
    # History pages, newest first, per member and per merchant (shared.keyset).
    Index("ix_redemptions_member", "member_id", "redeemed_at", "id"),
    Index("ix_redemptions_merchant", "merchant_id", "redeemed_at", "id"),
)

ledger = Table(
    "ledger_entries",
    metadata,
    big_id(),
    string("merchant_id", 100),
    string("campaign_id", 36),
    string("redemption_id", 36, ForeignKey("redemptions.id")),
    string("kind", 20),
    fen("amount"),  # + owed on redemption, - on reversal
    string("period", 7),
    moment("created_at"),
    UniqueConstraint("redemption_id", "kind", name="uq_ledger_once"),
    Index("ix_ledger_period", "period", "merchant_id"),
)
