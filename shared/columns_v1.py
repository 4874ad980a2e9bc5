"""Column shorthands for the `0001` migrations: frozen, like shared.outbox.migration_v1.

A migration that ran once must build the same schema forever, so never edit these: a
different column shape is a new helper (or a new module, `columns_v2`), never a change here.
Every column is NOT NULL unless wrapped in `maybe(...)`; `key` is a primary key (two `key`s
make a composite one). Foreign keys, indexes and dropping: shared.migration_steps_v1.
"""

from __future__ import annotations

import sqlalchemy as sa

# SQLite only auto-increments a plain INTEGER primary key.
_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_MOMENT = sa.DateTime(timezone=True)


def big_id() -> sa.Column:
    """The auto-incrementing `id` primary key of an append-only table."""
    return sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True, nullable=False)


def key(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length=length), primary_key=True, nullable=False)


def string(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=False)


def long_text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False)


def whole(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


def fen(name: str) -> sa.Column:
    """An amount of money in fen (BIGINT)."""
    return sa.Column(name, sa.BigInteger(), nullable=False)


def json(name: str) -> sa.Column:
    return sa.Column(name, sa.JSON(), nullable=False)


def moment(name: str) -> sa.Column:
    """A timezone-aware timestamp."""
    return sa.Column(name, _MOMENT, nullable=False)


def real(name: str) -> sa.Column:
    return sa.Column(name, sa.Float(), nullable=False)


def maybe(column: sa.Column) -> sa.Column:
    """The same column, NULL allowed: `maybe(moment("decided_at"))`."""
    column.nullable = True
    return column
