"""The voucher migrations build exactly the schema the code declares, and can be undone."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import Session

from services.voucher.adapters.orm import campaigns, ledger, metadata, redemptions, vouchers
from services.voucher.adapters.repository import merchant_copies
from shared.migrations import alembic_config, upgrade
from tests.voucher.conftest import MIGRATIONS


def test_migrated_schema_matches_the_tables_in_code_and_can_be_undone(database_url):
    upgrade(database_url, MIGRATIONS)
    upgrade(database_url, MIGRATIONS)  # running it again changes nothing
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        command.downgrade(alembic_config(database_url, MIGRATIONS), "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def test_merchant_copies_kept_before_0002_survive_it(database_url):
    upgrade(database_url, MIGRATIONS, "0001")
    engine = create_engine(database_url)
    at = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
    row = {
        "merchant_id": "m1",
        "legal_name": "海口椰风超市",
        "partner_type": "discount_partner",
        "status": "suspended",
        "region": "460100",
        "categories": '["groceries"]',
        "stores": '[{"id": "s1", "region": "460100"}]',
        "as_of": at,
    }
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO merchants VALUES (:merchant_id, :legal_name, :partner_type,"
                    " :status, :region, :categories, :stores, :as_of)"
                ),
                row,
            )
        upgrade(database_url, MIGRATIONS)
        with Session(engine) as session:
            held = merchant_copies.get(session, "m1")
    finally:
        engine.dispose()
    assert held.status == "suspended" and held.snapshot_at == at and held.store_ids == ("s1",)


def _one_redemption_and_its_ledger_entry(conn, at: datetime) -> None:
    conn.execute(
        campaigns.insert().values(
            id="c1",
            name="春节消费券",
            status="published",
            benefit={"type": "cash"},
            subsidy=500,
            quantity=10,
            budget=5_000,
            per_member_limit=1,
            segments=[],
            regions=[],
            scope={},
            claim_starts_at=at,
            claim_ends_at=at,
            created_at=at,
            updated_at=at,
        )
    )
    conn.execute(
        vouchers.insert().values(
            id="v1",
            code="ABCD1234",
            campaign_id="c1",
            member_id="u1",
            claim_seq=1,
            slot=1,
            status="redeemed",
            subsidy=500,
            claimed_at=at,
            valid_from=at,
            valid_until=at,
        )
    )
    conn.execute(
        redemptions.insert().values(
            id="r1",
            voucher_id="v1",
            campaign_id="c1",
            member_id="u1",
            merchant_id="m1",
            channel="online",
            order_amount=3_000,
            discount=500,
            payable=2_500,
            subsidy=500,
            redeemed_at=at,
        )
    )
    conn.execute(
        ledger.insert().values(
            merchant_id="m1",
            campaign_id="c1",
            redemption_id="r1",
            kind="owed",
            amount=500,
            period="2026-11",
            created_at=at,
        )
    )


def test_redemptions_and_their_ledger_survive_0003(database_url):
    """0003 rebuilds redemptions on SQLite while ledger_entries refers to it."""
    upgrade(database_url, MIGRATIONS, "0002")
    engine = create_engine(database_url)
    at = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
    try:
        with engine.begin() as conn:
            _one_redemption_and_its_ledger_entry(conn, at)
        upgrade(database_url, MIGRATIONS)
        with engine.connect() as conn:
            kept = conn.execute(redemptions.select()).one()
            owed = conn.execute(ledger.select()).one()
        refers = {fk["referred_table"] for fk in inspect(engine).get_foreign_keys("redemptions")}
    finally:
        engine.dispose()
    assert (kept.id, kept.campaign_id, kept.payable) == ("r1", "c1", 2_500)
    assert owed.redemption_id == "r1"
    assert refers == {"vouchers", "campaigns"}
