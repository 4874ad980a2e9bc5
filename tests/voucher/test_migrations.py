"""The voucher migrations build exactly the schema the code declares, and can be undone."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from services.voucher.adapters.orm import metadata
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
