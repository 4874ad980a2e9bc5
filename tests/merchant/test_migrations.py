"""The migrations build exactly the schema the code declares, and can be undone."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from services.merchant.adapters.orm import metadata
from shared.migrations import alembic_config
from tests.merchant.conftest import MIGRATIONS


def test_migrated_schema_matches_the_tables_in_code(merchant_config):
    engine = create_engine(merchant_config["database_url"])
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_downgrade_to_base_and_upgrade_again(merchant_config):
    url = merchant_config["database_url"]
    cfg = alembic_config(url, MIGRATIONS)
    command.downgrade(cfg, "base")
    engine = create_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        command.upgrade(cfg, "head")
        engine.dispose()
        assert {"merchants", "merchant_applications", "api_keys", "outbox"} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()
