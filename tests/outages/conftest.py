"""Services whose Redis and PostgreSQL connections pass through a gate the test can cut.

The database is PostgreSQL on both backends' runs: an SQLite file has no server to lose.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy.engine import make_url

from tests.support import infra
from tests.support.tcp_gate import TcpGate


@pytest.fixture
def pg_database():
    url, name = infra.new_postgres_database("outage")
    yield url
    infra.drop_postgres_database(name)


@pytest.fixture
def pg_gate():
    gate = TcpGate(infra.PG_PORT)
    yield gate
    gate.close()


@pytest.fixture
def redis_gate(redis_url):
    gate = TcpGate(infra.REDIS_PORT)
    yield gate
    gate.close()


@pytest.fixture
def gated_config(pg_database, pg_gate, redis_gate, topic_prefix):
    """Settings whose database and Redis are reached only through the gates."""
    return {
        "database_url": make_url(pg_database).set(port=pg_gate.port).render_as_string(False),
        "redis_url": redis_gate.redis_url(infra.TEST_REDIS_DB),
        "kafka_bootstrap": infra.KAFKA,
        "topic_prefix": topic_prefix,
    }


def assert_unavailable(resp) -> None:
    """The outage answer: 503 problem+json with a stable code and a Retry-After."""
    assert resp.status_code == 503, (resp.status_code, resp.get_data(as_text=True)[:300])
    assert resp.mimetype == "application/problem+json"
    assert resp.get_json()["code"] == "service_unavailable"
    assert int(resp.headers["Retry-After"]) > 0


def recovers(call, expect: int, timeout: float = 15.0):
    """Call until the answer is `expect` (the part is back); fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        resp = call()
        if resp.status_code == expect or time.monotonic() > deadline:
            assert resp.status_code == expect, resp.get_data(as_text=True)[:300]
            return resp
        time.sleep(0.2)
