"""A merchant app on a migrated database, against the real Redis and Kafka."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.merchant.app import create_app
from shared.migrations import upgrade

MIGRATIONS = Path(__file__).resolve().parents[2] / "services" / "merchant" / "migrations"


@pytest.fixture
def merchant_config(service_config):
    upgrade(service_config["database_url"], MIGRATIONS)
    return dict(service_config)


@pytest.fixture
def app(merchant_config):
    app = create_app(merchant_config)
    yield app
    app.extensions["mall_infra"].engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ctx(app):
    return app.extensions["mall_context"]
