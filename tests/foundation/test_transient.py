"""Outages are told apart from poison by the real errors the drivers raise."""

from __future__ import annotations

import secrets

import pytest
from redis import Redis, RedisError
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from shared.messaging.transient import is_transient, transient_sqlstate
from tests.support import infra as test_infra


def raised(action) -> BaseException:
    with pytest.raises((SQLAlchemyError, RedisError)) as info:
        action()
    return info.value


def test_an_unreachable_database_or_redis_is_an_outage():
    pg = create_engine("postgresql+psycopg://mall:mall@127.0.0.1:1/none")
    assert is_transient(raised(lambda: pg.connect()))
    redis = Redis(port=1, socket_connect_timeout=0.5)
    assert is_transient(raised(redis.ping))


def test_a_sqlite_lock_held_too_long_is_an_outage(tmp_path):
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    holder = create_engine(url)
    waiter = create_engine(url, connect_args={"timeout": 0.1})
    with holder.connect() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER)"))
        conn.commit()
        conn.exec_driver_sql("BEGIN EXCLUSIVE")
        with waiter.connect() as other:
            assert is_transient(raised(lambda: other.execute(text("INSERT INTO t VALUES (1)"))))
        conn.rollback()


def test_a_bug_or_bad_data_is_poison(tmp_path):
    sqlite = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with sqlite.connect() as conn:
        assert not is_transient(raised(lambda: conn.execute(text("SELECT * FROM missing"))))
    with sqlite.connect() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
        assert not is_transient(raised(lambda: conn.execute(text("INSERT INTO t VALUES (1)"))))
    assert not is_transient(ValueError("no such merchant"))


def test_a_statement_that_timed_out_is_poison():
    pg = create_engine(test_infra.PG_ADMIN_URL, connect_args={"options": "-c statement_timeout=50"})
    with pg.connect() as conn:
        assert not is_transient(raised(lambda: conn.execute(text("SELECT pg_sleep(1)"))))
    pg.dispose()


def test_an_index_row_too_large_is_poison_not_an_outage():
    pg = create_engine(test_infra.PG_ADMIN_URL)
    with pg.connect() as conn:
        conn.execute(text("CREATE TEMP TABLE big (v TEXT)"))
        conn.execute(text("CREATE INDEX big_v ON big (v)"))
        huge = secrets.token_urlsafe(12_000)  # random: compression cannot fit it in a page
        err = raised(lambda: conn.execute(text("INSERT INTO big VALUES (:v)"), {"v": huge}))
        assert err.orig.sqlstate == "54000"
        assert not is_transient(err)
    pg.dispose()


@pytest.mark.parametrize(
    ("sqlstate", "transient"),
    [("08006", True), ("40001", True), ("40P01", True), ("53300", True), ("57P01", True),
     ("55P03", True), ("54000", False), ("57014", False), ("22001", False), ("23505", False),
     ("42P01", False)],
)  # fmt: skip
def test_sqlstate_decides(sqlstate, transient):
    assert transient_sqlstate(sqlstate) is transient
