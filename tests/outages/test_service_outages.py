"""Merchant, catalog and gateway while Redis or PostgreSQL is away: 503, or served from a copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.catalog.app import create_app as catalog_app
from services.catalog.bootstrap import migrate as migrate_catalog
from services.gateway.app import create_app as gateway_app
from services.merchant.app import create_app as merchant_app
from shared.migrations import upgrade
from tests.catalog.conftest import Catalog, product_body, visitor
from tests.gateway.helpers import KEY_M1, bearer
from tests.gateway.standins import StandIn
from tests.merchant.helpers import application
from tests.outages.conftest import assert_unavailable, recovers
from tests.support import callers

SERVICES = Path(__file__).resolve().parents[2] / "services"


@pytest.fixture
def merchant(gated_config, pg_database):
    upgrade(pg_database, SERVICES / "merchant" / "migrations")
    app = merchant_app(gated_config)
    yield app.test_client()
    app.extensions["mall_infra"].engine.dispose()


@pytest.fixture
def catalog(gated_config, pg_database):
    migrate_catalog(pg_database)
    app = catalog_app(gated_config)
    yield Catalog(app, app.test_client())
    app.extensions["mall_infra"].engine.dispose()


def _apply(client, key: str | None = None):
    headers = callers.anonymous()
    if key:
        headers["Idempotency-Key"] = key
    return client.post("/api/v1/merchant-applications", json=application(), headers=headers)


def test_merchant_answers_503_while_its_database_is_away_and_recovers(merchant, pg_gate):
    assert _apply(merchant).status_code == 201
    pg_gate.cut()
    assert_unavailable(_apply(merchant))
    assert_unavailable(merchant.get("/api/v1/ops/merchant-applications", headers=callers.ops()))
    pg_gate.restore()
    recovers(lambda: _apply(merchant), 201)
    listed = merchant.get("/api/v1/ops/merchant-applications", headers=callers.ops())
    assert listed.status_code == 200 and len(listed.get_json()["items"]) == 2


def test_merchant_goes_on_without_redis(merchant, redis_gate):
    redis_gate.cut()
    # Idempotency keys are honoured by the database's own uniqueness meanwhile.
    assert _apply(merchant, key="k-1").status_code == 201
    listed = merchant.get("/api/v1/ops/merchant-applications", headers=callers.ops())
    assert listed.status_code == 200
    redis_gate.restore()
    assert _apply(merchant, key="k-2").status_code == 201


def test_catalog_serves_cached_pages_while_its_database_is_away(catalog, pg_gate):
    merchant_id = catalog.merchant()
    catalog.create(merchant_id, name="椰子糖")
    assert catalog.names() == ["椰子糖"]  # now cached
    pg_gate.cut()
    assert catalog.names() == ["椰子糖"]  # served from Redis
    uncached = catalog.client.get("/api/v1/products?q=椰子", headers=visitor())
    assert_unavailable(uncached)
    assert_unavailable(
        catalog.client.post(
            "/api/v1/merchant/products",
            json=product_body(name="椰子片"),
            headers=callers.merchant(merchant_id),
        )
    )
    pg_gate.restore()
    recovers(lambda: catalog.client.get("/api/v1/products?q=椰子", headers=visitor()), 200)


def test_catalog_serves_from_the_database_while_redis_is_away(catalog, redis_gate):
    merchant_id = catalog.merchant()
    redis_gate.cut()
    catalog.create(merchant_id, name="黄灯笼辣椒酱")
    assert catalog.names() == ["黄灯笼辣椒酱"]
    redis_gate.restore()
    assert catalog.names() == ["黄灯笼辣椒酱"]


@pytest.fixture
def standins():
    services = {name: StandIn(name).start() for name in ("merchant", "catalog", "voucher")}
    yield services
    for service in services.values():
        service.stop()


@pytest.fixture
def gateway(gated_config, pg_database, standins):
    upgrade(pg_database, SERVICES / "gateway" / "migrations")
    app = gateway_app(
        {
            **gated_config,
            **{f"{name}_url": s.url for name, s in standins.items()},
            "connect_timeout": 0.5,
            "read_timeout": 1.0,
        }
    )
    app.testing = True
    yield app.test_client()
    app.extensions["mall_infra"].engine.dispose()


def test_gateway_without_redis_or_its_database_still_proxies(gateway, pg_gate, redis_gate):
    pg_gate.cut()
    redis_gate.cut()
    # Rate limits let requests through and the response cache falls back to the service.
    resp = gateway.get("/api/v1/products")
    assert resp.status_code == 200, resp.get_json()
    # What needs the gateway's own database answers 503.
    dead = gateway.get("/api/v1/ops/dead-letters?service=gateway", headers=bearer("ops", "ops-1"))
    assert_unavailable(dead)
    pg_gate.restore()
    redis_gate.restore()
    recovers(
        lambda: gateway.get(
            "/api/v1/ops/dead-letters?service=gateway", headers=bearer("ops", "ops-1")
        ),
        200,
    )


def test_gateway_answers_503_with_retry_after_for_a_service_that_is_away(gateway, standins):
    standins["voucher"].stop()
    assert_unavailable(gateway.post("/api/v1/campaigns/c1/claims", headers=bearer(), json={}))
    assert gateway.get("/api/v1/products").status_code == 200  # the rest goes on


def test_gateway_passes_an_api_key_check_that_met_an_outage_on_as_503(gateway, standins):
    standins["merchant"].api_keys = {KEY_M1: (503, {"code": "service_unavailable"})}
    assert_unavailable(gateway.get("/api/v1/merchant/profile", headers={"X-Api-Key": KEY_M1}))
