"""Fixtures for the gateway: stand-in services on loopback and a gateway app in front of them."""

from __future__ import annotations

import pytest

from services.gateway.app import create_app
from shared.migrations import upgrade
from tests.gateway.helpers import KEY_M1, KEY_M2, KEY_SUSPENDED
from tests.gateway.processes import start_mall
from tests.gateway.standins import StandIn
from tests.support import infra

MIGRATIONS = "services/gateway/migrations"


@pytest.fixture(scope="session")
def gateway_database(tmp_path_factory):
    """One migrated database for the suite: the gateway keeps only consumer bookkeeping in it."""
    if infra.BACKEND == "postgres":
        url, name = infra.new_postgres_database("gateway")
        upgrade(url, MIGRATIONS)
        yield url
        infra.drop_postgres_database(name)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('gateway') / 'gateway.db'}"
        upgrade(url, MIGRATIONS)
        yield url


@pytest.fixture
def database_url(gateway_database):
    return gateway_database


@pytest.fixture
def standins():
    services = {name: StandIn(name).start() for name in ("merchant", "catalog", "voucher")}
    services["merchant"].api_keys = {
        KEY_M1: (
            200,
            {"merchant_id": "m1", "status": "active", "partner_type": "discount_partner"},
        ),
        KEY_M2: (
            200,
            {"merchant_id": "m2", "status": "active", "partner_type": "welfare_partner"},
        ),
        KEY_SUSPENDED: (
            403,
            {"code": "merchant_suspended"},
        ),
    }
    yield services
    for service in services.values():
        service.stop()


@pytest.fixture
def gateway_config(service_config, standins):
    return {
        **service_config,
        "merchant_url": standins["merchant"].url,
        "catalog_url": standins["catalog"].url,
        "voucher_url": standins["voucher"].url,
        "connect_timeout": 0.5,
        "read_timeout": 1.0,
    }


@pytest.fixture
def make_gateway(gateway_config):
    def build(**overrides):
        app = create_app({**gateway_config, **overrides})
        app.testing = True
        return app

    return build


@pytest.fixture
def gateway(make_gateway):
    return make_gateway()


@pytest.fixture
def client(gateway):
    return gateway.test_client()


@pytest.fixture(scope="session")
def mall(tmp_path_factory):
    """The whole mall as real processes behind a real gateway, for the end-to-end tests."""
    db = infra.TEST_REDIS_DB
    running = start_mall(tmp_path_factory.mktemp("mall"), infra.redis_url(db))
    yield running
    running.stop()
