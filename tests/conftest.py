"""Fixtures every suite uses: real Kafka, Redis and a fresh database (SQLite or PostgreSQL)."""

from __future__ import annotations

import os
import uuid

import pytest
from redis.cluster import RedisCluster

from shared.redis_connect import connect
from tests.support import infra

# MALL_TEST_REDIS=cluster: the Redis fixtures point at a 3-master Redis Cluster of the run's
# own (tests/ops/test_redis_cluster.py runs the gate and cache tests so, beside the usual run).
ON_CLUSTER = os.environ.get("MALL_TEST_REDIS") == "cluster"


@pytest.fixture(scope="session", autouse=True)
def real_infrastructure():
    """Kafka, Redis and PostgreSQL are real servers, started by the project's scripts."""
    infra.ensure_infra()


@pytest.fixture
def database_url(tmp_path, request):
    """A fresh, empty database for one test, on the backend MALL_TEST_DB names."""
    if infra.BACKEND == "postgres":
        url, name = infra.new_postgres_database(request.node.name[:20].lower().replace("[", "_"))
        yield url
        infra.drop_postgres_database(name)
    else:
        yield f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(scope="session")
def redis_cluster():
    from tests.support.redis_cluster import local_cluster

    with local_cluster(masters=3) as cluster:
        yield cluster


@pytest.fixture
def redis_url(request):
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
