"""Cache-aside with namespace versions, a stampede lock, and a way around a Redis outage."""

from __future__ import annotations

import threading
import time

import pytest
import redis as redis_lib
from redis.cluster import RedisCluster

from shared.cache import Cache
from shared.redis_connect import connect
from tests.conftest import ON_CLUSTER
from tests.support.kafka import wait_until


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


def test_a_local_copy_serves_hits_and_vanishes_when_another_process_bumps(redis_client, redis_url):
    here = Cache(connect(redis_url), "t", local=True)
    there = Cache(connect(redis_url), "t", local=True)  # another process
    loads = []
    assert here.get_or_load("p", "k", lambda: loads.append(1) or "v1") == "v1"
    assert wait_until(lambda: here.local._live, timeout=5)
    assert here.peek("p", "k") == "v1"  # read from Redis, copied locally
    redis_client.flushdb()  # the copy no longer needs Redis for this key...
    assert here.peek("p", "k") == "v1"
    there.invalidate("p")  # ...but a bump anywhere drops it at once
    assert wait_until(lambda: here.peek("p", "k") is None, timeout=5)


def test_a_value_read_before_a_bump_is_not_kept_locally(redis_url):
    cache = Cache(connect(redis_url), "t", local=True)
    cache.get_or_load("p", "k", lambda: "old")
    assert wait_until(lambda: cache.local._live, timeout=5)
    generation = cache.local.generation("p")
    cache.local.drop(["p"])  # the bump message lands while a reader is between read and put
    cache.local.put("p", "k", "old", generation, 60)
    assert cache.local.get("p", "k") is not None and cache.local.get("p", "k") != "old"


def test_local_copies_are_off_while_the_bump_listener_is_disconnected(redis_client, redis_url):
    cache = Cache(connect(redis_url), "t", local=True)
    cache.get_or_load("p", "k", lambda: "v")
    assert wait_until(lambda: cache.local._live, timeout=5)
    cache.peek("p", "k")
    assert ("p", "k") in cache.local._entries
    on_every_node = {"target_nodes": RedisCluster.PRIMARIES} if ON_CLUSTER else {}
    redis_client.client_kill_filter(_type="pubsub", **on_every_node)  # bumps now would be missed
    cache.local.get("p", "k")  # the listener notices on its next read
    assert wait_until(lambda: ("p", "k") not in cache.local._entries, timeout=15)
    assert wait_until(lambda: cache.local._live, timeout=10)  # back once resubscribed
