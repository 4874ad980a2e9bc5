"""Cache-aside with namespace versions, a stampede lock, and a way around a Redis outage."""

from __future__ import annotations

import threading
import time

import pytest
import redis as redis_lib

from shared.cache import Cache


def test_a_value_is_loaded_once_then_served_from_redis(redis_client):
    cache = Cache(redis_client, "t")
    loads = []
    for _ in range(3):
        assert cache.get_or_load("products", "page1", lambda: loads.append(1) or {"n": 1}) == {
            "n": 1
        }
    assert len(loads) == 1


def test_invalidating_a_namespace_reloads_only_that_namespace(redis_client):
    cache = Cache(redis_client, "t")
    counter = {"a": 0, "b": 0}

    def loader(name):
        counter[name] += 1
        return counter[name]

    cache.get_or_load("a", "k", lambda: loader("a"))
    cache.get_or_load("b", "k", lambda: loader("b"))
    cache.invalidate("a")
    assert cache.get_or_load("a", "k", lambda: loader("a")) == 2
    assert cache.get_or_load("b", "k", lambda: loader("b")) == 1


def test_a_cold_key_under_a_stampede_is_loaded_once(redis_client):
    cache = Cache(redis_client, "t")
    loads = []
    results = []

    def slow_loader():
        loads.append(1)
        time.sleep(0.3)
        return "value"

    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_load("x", "k", slow_loader)))
        for _ in range(12)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["value"] * 12
    assert len(loads) == 1


def test_with_redis_down_the_loader_answers():
    dead = redis_lib.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    cache = Cache(dead, "t")
    assert cache.get_or_load("x", "k", lambda: [1, 2]) == [1, 2]
    # Invalidation does raise: a consumer must retry it, or stale pages would return with Redis.
    with pytest.raises(redis_lib.RedisError):
        cache.invalidate("x")
