"""A cache bump that meets a Redis outage after its commit lands once Redis is back."""

from __future__ import annotations

import pytest
from redis import Redis

from services.catalog.adapters.cache import CatalogCache
from tests.support import infra
from tests.support.kafka import wait_until
from tests.support.tcp_gate import TcpGate


@pytest.fixture
def gate(redis_url):
    gate = TcpGate(infra.REDIS_PORT)
    yield gate
    gate.close()


def test_a_bump_missed_while_redis_was_away_is_made_when_it_is_back(gate, redis_client):
    cache = CatalogCache(Redis.from_url(gate.redis_url(infra.TEST_REDIS_DB), socket_timeout=1))
    assert cache.get_or_load("merchant:m1", "page", lambda: {"items": ["old"]}) == {
        "items": ["old"]
    }
    version = "cache:{catalog:merchant:m1}:ns"
    before = int(redis_client.get(version) or 0)
    gate.cut()
    cache.invalidate(["merchant:m1"])  # the merchant's suspension has committed
    assert int(redis_client.get(version) or 0) == before  # Redis never heard of it
    gate.restore()
    assert wait_until(lambda: int(redis_client.get(version) or 0) == before + 1, timeout=15)
    fresh = CatalogCache(redis_client)
    assert fresh.peek("merchant:m1", "page") is None  # the old page is unreachable
