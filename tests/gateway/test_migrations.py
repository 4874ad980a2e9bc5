"""The gateway's frozen migration builds exactly the tables its code maps, and undoes them."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from services.gateway.adapters.orm import metadata
from shared.migrations import alembic_config, upgrade
from tests.support import infra

MIGRATIONS = "services/gateway/migrations"


def _fresh_database(tmp_path):
    if infra.BACKEND == "postgres":
        return infra.new_postgres_database("gateway_mig")
    return f"sqlite:///{tmp_path / 'gateway.db'}", None


def test_migration_matches_the_mapped_tables_and_can_be_undone(tmp_path):
    url, name = _fresh_database(tmp_path)
    try:
        upgrade(url, MIGRATIONS)
        upgrade(url, MIGRATIONS)  # running it again changes nothing
        engine = create_engine(url)
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        command.downgrade(alembic_config(url, MIGRATIONS), "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        engine.dispose()
    finally:
        if name:
            infra.drop_postgres_database(name)
