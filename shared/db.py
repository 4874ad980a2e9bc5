"""SQLAlchemy engines and sessions, the same way for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from typing import Any, TypeVar

from sqlalchemy import Column, Engine, Row, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")


def make_engine(url: str, **kwargs: object) -> Engine:
    """Create an engine; SQLite gets WAL and a busy timeout so that threads can share it."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            # Let SQLAlchemy, not pysqlite, open transactions, so SAVEPOINT works.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            # IMMEDIATE takes the write lock up front: no lock-upgrade deadlocks.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 20)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Yield a session whose work commits together, or not at all."""
    with factory() as session, session.begin():
        yield session


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
