"""Keys, foreign keys, indexes and dropping for the `0001` migrations: frozen, like shared.ddl_v1."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def index(table: str, name: str, *columns: str) -> None:
    op.create_index(name, table, list(columns), unique=False)


def drop_tables(*tables: str) -> None:
    """Drop tables, dependants first (their indexes go with them)."""
    for table in tables:
        op.drop_table(table)


def refers(column: str, target: str) -> sa.ForeignKeyConstraint:
    """A foreign key from `column` to `target` ("table.column")."""
    return sa.ForeignKeyConstraint([column], [target])


def primary_key(*columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*columns)
