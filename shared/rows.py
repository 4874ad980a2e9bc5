"""Rows in, domain objects out: what repositories that hand out domain objects share."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

from sqlalchemy import Column, Row, select
from sqlalchemy.orm import Session

T = TypeVar("T")


def row_by_key(session: Session, key: Column, value: object, *, lock: bool = False) -> Row | None:
    """The row of `key`'s table whose key is `value`, or None; `lock` holds the row until the
    transaction ends (FOR UPDATE on PostgreSQL; SQLite's transactions take the write lock)."""
    query = select(key.table).where(key == value)
    if lock:
        query = query.with_for_update()
    return session.execute(query).first()


def from_row(cls: type[T], row: Row, **converted: Any) -> T:
    """Build the dataclass `cls` from the row's columns of the same names; `converted` gives
    the fields whose stored form differs (JSON lists kept as tuples, joined rows) or are extra."""
    columns = row._mapping
    values = {f.name: columns[f.name] for f in fields(cls) if f.init and f.name in columns}
    return cls(**{**values, **converted})
