"""The voucher service's tables; unique constraints make the database the final guard."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from shared.db_types import UtcDateTime
from shared.merchant_standing.projection import define_merchants_table
from shared.outbox import define_messaging_tables

_BigId = BigInteger().with_variant(Integer(), "sqlite")


metadata = MetaData()
messaging = define_messaging_tables(metadata)

campaigns = Table(
    "campaigns",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("status", String(20), nullable=False, index=True),
    Column("benefit", JSON, nullable=False),
    Column("subsidy", BigInteger, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("budget", BigInteger, nullable=False),
    Column("per_member_limit", Integer, nullable=False),
    Column("segments", JSON, nullable=False),
    Column("regions", JSON, nullable=False),
    Column("scope", JSON, nullable=False),
    Column("claim_starts_at", UtcDateTime, nullable=False),
    Column("claim_ends_at", UtcDateTime, nullable=False),
    Column("valid_from", UtcDateTime, nullable=True),
    Column("valid_until", UtcDateTime, nullable=True),
    Column("valid_days", Integer, nullable=True),
    Column("created_by", String(100), nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("published_at", UtcDateTime, nullable=True),
    Column("closed_at", UtcDateTime, nullable=True),
)

vouchers = Table(
    "vouchers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("code", String(20), nullable=False, unique=True),
    Column("campaign_id", String(36), ForeignKey("campaigns.id"), nullable=False),
    Column("member_id", String(100), nullable=False),
    # claim_seq in 1..per_member_limit and slot in 1..quantity: unique, so the database
    # alone already forbids a member past the limit and a campaign past its quantity.
    Column("claim_seq", Integer, nullable=False),
    Column("slot", Integer, nullable=False),
    Column("idempotency_key", String(200), nullable=True),
    Column("status", String(20), nullable=False),
    Column("subsidy", BigInteger, nullable=False),
    Column("claimed_at", UtcDateTime, nullable=False),
    Column("valid_from", UtcDateTime, nullable=False),
    Column("valid_until", UtcDateTime, nullable=False),
    Column("redeemed_at", UtcDateTime, nullable=True),
    Column("expired_at", UtcDateTime, nullable=True),
    UniqueConstraint("campaign_id", "member_id", "claim_seq", name="uq_voucher_member_seq"),
    UniqueConstraint("campaign_id", "slot", name="uq_voucher_slot"),
    UniqueConstraint("member_id", "idempotency_key", name="uq_voucher_idempotency"),
    Index("ix_vouchers_member", "member_id", "claimed_at"),
    Index("ix_vouchers_expiry", "status", "valid_until"),
)

redemptions = Table(
    "redemptions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("voucher_id", String(36), ForeignKey("vouchers.id"), nullable=False, unique=True),
    Column("campaign_id", String(36), nullable=False),
    Column("member_id", String(100), nullable=False, index=True),
    Column("merchant_id", String(100), nullable=False, index=True),
    Column("store_id", String(100), nullable=True),
    Column("channel", String(10), nullable=False),
    Column("category", String(50), nullable=True),
    Column("order_amount", BigInteger, nullable=False),
    Column("discount", BigInteger, nullable=False),
    Column("payable", BigInteger, nullable=False),
    Column("subsidy", BigInteger, nullable=False),
    Column("redeemed_at", UtcDateTime, nullable=False),
    Column("reversed_at", UtcDateTime, nullable=True),
    Column("reversal_reason", String(500), nullable=True),
)

ledger = Table(
    "ledger_entries",
    metadata,
    Column("id", _BigId, primary_key=True, autoincrement=True),
    Column("merchant_id", String(100), nullable=False),
    Column("campaign_id", String(36), nullable=False),
    Column("redemption_id", String(36), ForeignKey("redemptions.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("amount", BigInteger, nullable=False),  # + owed on redemption, - on reversal
    Column("period", String(7), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("redemption_id", "kind", name="uq_ledger_once"),
    Index("ix_ledger_period", "period", "merchant_id"),
)

merchants = define_merchants_table(metadata)  # the standing copy (shared.merchant_standing)
