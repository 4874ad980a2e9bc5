"""The voucher migrations build exactly the schema the code declares, and can be undone."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import Session

from services.voucher.adapters.orm import metadata
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
