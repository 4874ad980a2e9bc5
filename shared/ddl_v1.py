"""SQL column types for the `0001` migrations: frozen, like shared.outbox.migration_v1.

A migration that ran once must build the same schema forever, so never edit these: a
different column is a new helper (or a new module, `ddl_v2`), never a change here. A migration
pins database types, so these are named for the SQL they make (the ORM's shared.db_columns
speaks the app's words: string, fen, moment). Every column is NOT NULL unless wrapped in
`maybe(...)`. Keys, foreign keys, indexes and dropping: shared.migration_steps_v1.
"""

from __future__ import annotations

import sqlalchemy as sa

# SQLite only auto-increments a plain INTEGER primary key.
_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def big_id() -> sa.Column:
    """The auto-incrementing `id` primary key of an append-only table (BIGINT; SQLite INTEGER)."""
    return sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True, nullable=False)


def varchar(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=False)


def text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False)


def integer(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


def bigint(name: str) -> sa.Column:
    return sa.Column(name, sa.BigInteger(), nullable=False)


def float8(name: str) -> sa.Column:
    """FLOAT: double precision on PostgreSQL."""
    return sa.Column(name, sa.Float(), nullable=False)


def json(name: str) -> sa.Column:
    return sa.Column(name, sa.JSON(), nullable=False)


def timestamptz(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def maybe(column: sa.Column) -> sa.Column:
    """The same column, NULL allowed: `maybe(timestamptz("decided_at"))`."""
    column.nullable = True
    return column
