"""A key drop that meets a Redis outage after its commit lands once Redis is back."""

from __future__ import annotations

import pytest
from redis import Redis

from services.merchant.adapters.key_cache import KeyCache
from services.merchant.adapters.redis_keys import key_tombstone, key_verification
from tests.support import infra
from tests.support.kafka import wait_until
from tests.support.tcp_gate import TcpGate


@pytest.fixture
def gate(redis_url):
    gate = TcpGate(infra.REDIS_PORT)
    yield gate
    gate.close()


def test_a_revoked_keys_cached_verdict_is_dropped_once_redis_is_back(gate, redis_client):
    cache = KeyCache(Redis.from_url(gate.redis_url(infra.TEST_REDIS_DB), socket_timeout=1), ttl=300)
    cache.put("h-revoked", {"outcome": "active", "merchant_id": "m1"})
    assert cache.get("h-revoked") == {"outcome": "active", "merchant_id": "m1"}
    gate.cut()
    cache.invalidate(["h-revoked"])  # the revocation has committed; Redis is out of reach
    assert redis_client.get(key_verification("h-revoked")) is not None  # still the stale verdict
    gate.restore()
    assert wait_until(lambda: redis_client.get(key_verification("h-revoked")) is None, timeout=15)
    assert redis_client.exists(key_tombstone("h-revoked"))
    assert wait_until(lambda: cache.retries.pending() == 0, timeout=5)
