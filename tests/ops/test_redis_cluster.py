"""The mall's Redis keys work on a Redis Cluster (Debian's redis-server in cluster mode, three
masters): the gate, cache, key-cache and rate-limit tests pass on one, and the cache's bump
announcements still arrive after the node a listener was subscribed to fails over."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from redis.cluster import RedisCluster
from redis.exceptions import RedisError

from shared.cache import Cache
from shared.redis_connect import connect
from tests.support.infra import REPO
from tests.support.kafka import wait_until
from tests.support.redis_cluster import local_cluster

# The claim rush and the gate's repairs (scripts, idempotency keys), cache invalidation and its
# announcements, key verdicts, shared rate-limit budgets: each kind of key, bounded in time.
ON_A_CLUSTER = [
    "tests/voucher/test_contention.py",
    "tests/voucher/test_gate.py::test_gate_is_compensated_when_the_database_write_fails",
    "tests/voucher/test_gate.py::test_gate_is_rebuilt_from_the_database_after_redis_is_flushed",
    "tests/voucher/test_gate.py::test_claims_committed_around_a_rebuild_are_settled_into_the_new_gate",
    "tests/catalog/test_cache_and_events.py::test_product_change_invalidates_its_cached_detail",
    "tests/catalog/test_cache_and_events.py::test_ops_invalidation_drops_every_cached_page_and_is_safe_twice",
    "tests/foundation/test_cache.py",
    "tests/merchant/test_cache_and_races.py::test_verification_answers_from_redis_until_invalidated",
    "tests/merchant/test_cache_and_races.py::test_cache_write_racing_an_invalidation_is_dropped",
    "tests/gateway/test_rate_limits.py::test_every_gateway_process_draws_on_the_same_budget",
    "tests/gateway/test_rate_limits.py::test_a_spent_budget_is_refused_without_asking_redis_again",
]


@pytest.mark.timeout(900)  # one pytest run of its own on a busy machine
def test_claim_contention_and_cache_invalidation_tests_pass_on_a_redis_cluster():
    env = {**os.environ, "MALL_TEST_REDIS": "cluster"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *ON_A_CLUSTER],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:]
    assert run.returncode == 0, run.stdout[-6000:]
    assert " passed" in summary and "failed" not in summary


def subscribed_node(cluster) -> int:
    """The port of the node holding a pubsub client."""
    for port in cluster.processes:
        with cluster.node(port) as node:
            if any(
                c.get("flags") == "P" or "subscribe" in c.get("cmd", "")
                for c in node.client_list(_type="pubsub")
            ):
                return port
    raise AssertionError("no node has a subscriber")


def invalidate_when_possible(cache: Cache, namespace: str) -> bool:
    try:
        cache.invalidate(namespace)
        return True
    except RedisError:
        return False  # the cluster is still electing a new master for the slot


def test_cache_bumps_still_arrive_after_the_listeners_node_fails_over():
    with local_cluster(masters=3, replicas=1) as cluster:
        here = Cache(connect(cluster.url, socket_timeout=2), "t", local=True)
        there = Cache(connect(cluster.url, socket_timeout=2), "t", local=True)
        assert there.get_or_load("p", "k", lambda: "old") == "old"
        assert wait_until(lambda: there.local._live, timeout=10)
        there.peek("p", "k")
        assert ("p", "k") in there.local._entries
        victim = subscribed_node(cluster)
        assert victim in {n.port for n in connect(cluster.url).get_primaries()}
        cluster.kill(victim)  # its replica takes over its slots
        assert wait_until(lambda: invalidate_when_possible(here, "p"), timeout=30)
        assert wait_until(lambda: ("p", "k") not in there.local._entries, timeout=10)
        assert wait_until(lambda: there.local._live, timeout=30)  # subscribed on another node
        assert there.get_or_load("p", "k", lambda: "new") == "new"

        def cached_here_again() -> bool:  # its client may first meet the old topology
            return there.peek("p", "k") == "new" and ("p", "k") in there.local._entries

        assert wait_until(cached_here_again, timeout=15)
        here.invalidate("p")  # announced while the listener is live: dropped at once
        assert wait_until(lambda: ("p", "k") not in there.local._entries, timeout=5)
        assert there.local._live
        assert isinstance(here.redis, RedisCluster)
