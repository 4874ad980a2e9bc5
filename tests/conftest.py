"""Fixtures every suite uses: real Kafka, Redis and a fresh database (SQLite or PostgreSQL)."""

from __future__ import annotations

import uuid

import pytest
import redis as redis_lib
from flask import Flask

from tests.support import infra
from tests.support.callers import BoundClient


@pytest.fixture(scope="session", autouse=True)
def real_infrastructure():
    """Kafka, Redis and PostgreSQL are real servers, started by the project's scripts."""
    infra.ensure_infra()


@pytest.fixture(autouse=True)
def bound_internal_tokens(monkeypatch):
    """Every Flask test client signs the caller's internal token for its request (callers.py)."""
    monkeypatch.setattr(Flask, "test_client_class", BoundClient)


@pytest.fixture
def database_url(tmp_path, request):
    """A fresh, empty database for one test, on the backend MALL_TEST_DB names."""
    if infra.BACKEND == "postgres":
        url, name = infra.new_postgres_database(request.node.name[:20].lower().replace("[", "_"))
        yield url
        infra.drop_postgres_database(name)
    else:
        yield f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def redis_url():
    url = infra.redis_url()
    client = redis_lib.Redis.from_url(url)
    client.flushdb()
    client.close()
    return url


@pytest.fixture
def redis_client(redis_url):
    client = redis_lib.Redis.from_url(redis_url)
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
