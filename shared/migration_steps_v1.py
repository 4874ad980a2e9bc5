"""Indexes and dropping for the `0001` migrations: frozen, like shared.migration_columns_v1."""

from __future__ import annotations

from alembic import op


def index(table: str, name: str, *columns: str) -> None:
    op.create_index(name, table, list(columns), unique=False)


def drop_tables(*tables: str) -> None:
    """Drop tables, dependants first (their indexes go with them)."""
    for table in tables:
        op.drop_table(table)
