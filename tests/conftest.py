"""Fixtures of the integration suites: real Kafka, Redis and a fresh database (SQLite or PostgreSQL).

Tests under tests/unit/ use no servers: nothing here starts one for them, and their own
conftest fails any unit test that asks for a server fixture.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from flask import Flask
from redis.cluster import RedisCluster

from shared.redis_connect import connect
from tests.support import infra
from tests.support.callers import BoundClient
from tests.support.redis_cluster import local_cluster

UNIT = Path(__file__).resolve().parent / "unit"

# MALL_TEST_REDIS=cluster: the Redis fixtures point at a 3-master Redis Cluster of the run's
# own (tests/ops/test_redis_cluster.py runs the gate and cache tests so, beside the usual run).
ON_CLUSTER = os.environ.get("MALL_TEST_REDIS") == "cluster"

# Tests make a few topics each (their own prefix): 3 partitions apiece, not production's 12,
# keeps the one test broker light over a whole run. test_topics.py checks the default of 12.
os.environ.setdefault("KAFKA_TOPIC_PARTITIONS", "3")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test outside tests/unit/ runs with the real servers up."""
    for item in items:
        if UNIT not in item.path.parents:
            item.add_marker(pytest.mark.usefixtures("real_infrastructure"))


@pytest.fixture(scope="session")
def real_infrastructure():
    """Kafka, Redis and PostgreSQL are real servers, started by the project's scripts."""
    infra.ensure_infra()


@pytest.fixture(autouse=True)
def bound_internal_tokens(monkeypatch):
    """Every Flask test client signs the caller's internal token for its request (callers.py)."""
    monkeypatch.setattr(Flask, "test_client_class", BoundClient)


@pytest.fixture
def database_url(real_infrastructure, tmp_path, request):
    """A fresh, empty database for one test, on the backend MALL_TEST_DB names."""
    if infra.BACKEND == "postgres":
        url, name = infra.new_postgres_database(request.node.name[:20].lower().replace("[", "_"))
        yield url
        infra.drop_postgres_database(name)
    else:
        yield f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(scope="session")
def redis_cluster():
    with local_cluster(masters=3) as cluster:
        yield cluster


@pytest.fixture
def redis_url(real_infrastructure, request):
    url = request.getfixturevalue("redis_cluster").url if ON_CLUSTER else infra.redis_url()
    client = connect(url)
    if isinstance(client, RedisCluster):
        client.flushdb(target_nodes=RedisCluster.PRIMARIES)
    else:
        client.flushdb()
    client.close()
    return url


@pytest.fixture
def redis_client(redis_url):
    client = connect(redis_url)
    yield client
    client.close()


@pytest.fixture
def topic_prefix():
    """Each test gets topics of its own, so that no test reads another's events."""
    return f"t{uuid.uuid4().hex[:8]}."


@pytest.fixture
def service_config(database_url, redis_url, topic_prefix):
    """Settings overrides for building one service against the real infrastructure."""
    return {
        "database_url": database_url,
        "redis_url": redis_url,
        "kafka_bootstrap": infra.KAFKA,
        "topic_prefix": topic_prefix,
    }
