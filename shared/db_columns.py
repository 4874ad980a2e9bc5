"""Column shorthands for a service's tables (`adapters/orm.py`), the same on SQLite and PostgreSQL.

Every column is NOT NULL unless wrapped in `maybe(...)`; `key` is a primary key (two `key`s
make a composite one). Extra positional arguments (a `ForeignKey`) and keywords (`index=True`,
`unique=True`, `default=...`) go on to `Column`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Column, Float, Integer, String, Text

from shared.db_types import UtcDateTime

# SQLite only auto-increments a plain INTEGER primary key.
BIG_ID = BigInteger().with_variant(Integer(), "sqlite")


def big_id() -> Column:
    """The auto-incrementing `id` primary key of an append-only table."""
    return Column("id", BIG_ID, primary_key=True, autoincrement=True)


def key(name: str, length: int, *extra: Any) -> Column:
    return Column(name, String(length), *extra, primary_key=True)


def string(name: str, length: int, *extra: Any, **kw: Any) -> Column:
    return Column(name, String(length), *extra, nullable=False, **kw)


def long_text(name: str, **kw: Any) -> Column:
    return Column(name, Text, nullable=False, **kw)


def whole(name: str, **kw: Any) -> Column:
    return Column(name, Integer, nullable=False, **kw)


def fen(name: str, **kw: Any) -> Column:
    """An amount of money in fen (BIGINT)."""
    return Column(name, BigInteger, nullable=False, **kw)


def flag(name: str) -> Column:
    return Column(name, Boolean, nullable=False)


def json(name: str) -> Column:
    return Column(name, JSON, nullable=False)


def moment(name: str, **kw: Any) -> Column:
    """A timezone-aware UTC timestamp (shared.db_types.UtcDateTime)."""
    return Column(name, UtcDateTime, nullable=False, **kw)


def real(name: str) -> Column:
    return Column(name, Float, nullable=False)


def maybe(column: Column) -> Column:
    """The same column, NULL allowed: `maybe(moment("decided_at"))`."""
    column.nullable = True
    return column
