"""PostgreSQL connections are pinged after sitting idle, not on every checkout.

Against the real server whatever MALL_TEST_DB says: SQLite has no connection to lose.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text

from shared import db
from tests.support import infra


@pytest.fixture
def engine():
    url, name = infra.new_postgres_database("ping")
    engine = db.make_engine(url, pool_size=1, max_overflow=0)
    yield engine
    engine.dispose()
    infra.drop_postgres_database(name)


def _count_pings(engine, monkeypatch) -> list[int]:
    pings: list[int] = []
    real = engine.dialect.do_ping

    def counted(dbapi_conn):
        pings.append(1)
        return real(dbapi_conn)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return pings


def test_a_connection_back_a_moment_ago_is_not_pinged(engine, monkeypatch):
    pings = _count_pings(engine, monkeypatch)
    for _ in range(20):
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar_one() == 1
    assert pings == []


def test_an_idle_connection_the_server_dropped_is_replaced_unseen(engine, monkeypatch):
    monkeypatch.setattr(db, "IDLE_BEFORE_PING", 0.2)
    pings = _count_pings(engine, monkeypatch)
    with engine.connect() as conn:
        backend = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    admin = create_engine(infra.PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    admin.dispose()
    time.sleep(0.3)
    with engine.connect() as conn:  # pinged, found dead, replaced: the caller sees nothing
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != backend
    assert pings
