"""SQLAlchemy engines and sessions, the same way for SQLite and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker

IDLE_BEFORE_PING = 1.0  # seconds


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
    engine = create_engine(url, **kwargs)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """pool_pre_ping for connections that sat idle, not for every checkout.

    A connection back in the pool for less than IDLE_BEFORE_PING seconds was working a moment
    ago; pinging it cost a round trip per transaction in a rush. Should the server go away
    even so, the next statement fails as a disconnect, SQLAlchemy drops the pool's
    connections, the request answers 503, and the next one connects afresh.
    """

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _mark(_dbapi_conn, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_conn, record, _proxy) -> None:
        since = record.info.get("idle_since")
        if since is not None and time.monotonic() - since < IDLE_BEFORE_PING:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except engine.dialect.loaded_dbapi.Error as err:
            raise exc.DisconnectionError() from err  # the pool retries on a new connection


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Yield a session whose work commits together, or not at all."""
    with factory() as session, session.begin():
        yield session
