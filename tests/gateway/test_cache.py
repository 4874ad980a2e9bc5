"""Public catalog reads are cached; product, merchant and campaign events make them stale."""

from __future__ import annotations

import pytest

from services.gateway.adapters.orm import messaging
from services.gateway.config import GatewaySettings
from services.gateway.entrypoints.consumer import CONSUMER, TOPICS, handlers
from services.gateway.response_cache import ResponseCache
from shared.bootstrap import build_infra
from shared.events.envelope import new_event
from shared.messaging.kafka import make_producer
from shared.principal import ANONYMOUS
from tests.gateway.helpers import bearer
from tests.support.kafka import wait_until

PRODUCT = {
    "product_id": "p1", "merchant_id": "m1", "name": "椰子", "kind": "goods",
    "category": "tropical-fruit", "list_price": 1500, "member_price": 990,
    "status": "published", "online": True,
}  # fmt: skip


def _reads(standins, path="/api/v1/products"):
    return standins["catalog"].paths().count(path)


def test_anonymous_product_list_is_served_from_the_cache(make_gateway, standins):
    client = make_gateway(local_cache=False).test_client()  # the shared Redis copy alone
    first = client.get("/api/v1/products?q=coconut&limit=5")
    second = client.get("/api/v1/products?q=coconut&limit=5")
    assert first.status_code == second.status_code == 200
    assert first.json == second.json
    assert _reads(standins) == 1
    client.get("/api/v1/products?q=mango")  # another query is another entry
    assert _reads(standins) == 2


def test_authenticated_reads_are_never_shared_from_the_cache(client, standins):
    client.get("/api/v1/products")
    client.get("/api/v1/products", headers=bearer("member", "m-1"))
    client.get("/api/v1/products", headers=bearer("member", "m-1"))
    assert _reads(standins) == 3


def test_error_answers_are_not_cached(client, standins):
    standins["catalog"].replies[("GET", "/api/v1/categories")] = (500, {"code": "internal_error"})
    assert client.get("/api/v1/categories").status_code == 500
    standins["catalog"].replies.clear()
    assert client.get("/api/v1/categories").status_code == 200
    assert _reads(standins, "/api/v1/categories") == 2


@pytest.mark.parametrize(
    ("event_type", "path", "stale"),
    [
        ("product.updated", "/api/v1/products", True),
        ("product.updated", "/api/v1/merchants", False),
        # products follow the catalog's word, not the merchant service's (the consumer race)
        ("merchant.suspended", "/api/v1/products", False),
        ("product.listings_changed", "/api/v1/products", True),
        ("merchant.suspended", "/api/v1/merchants/m1", True),
        ("campaign.published", "/api/v1/campaigns", True),
        ("voucher.claimed", "/api/v1/products", False),
    ],
)
def test_events_make_exactly_their_families_stale(gateway, event_type, path, stale):
    cache: ResponseCache = gateway.extensions["gateway_cache"]
    calls = []

    def load():
        calls.append(1)
        return {"status": 200, "body": "{}", "content_type": "application/json"}

    namespace = cache.namespace_for("GET", path, ANONYMOUS)
    cache.fetch(namespace, path, "", load)
    cache.invalidate_for(event_type)
    cache.fetch(namespace, path, "", load)
    assert len(calls) == (2 if stale else 1)


def test_product_event_on_kafka_makes_the_next_read_reach_the_catalog(
    gateway, gateway_config, client, standins
):
    settings = GatewaySettings.from_mapping("gateway", gateway_config)
    infra = build_infra(settings, messaging)
    infra.ensure_topics(TOPICS)
    worker_cache = ResponseCache(infra.redis, 30, local=False)
    runner = infra.consumer(CONSUMER, TOPICS, handlers(worker_cache))
    try:
        client.get("/api/v1/products/p1")
        client.get("/api/v1/products/p1")
        assert _reads(standins, "/api/v1/products/p1") == 1
        producer = make_producer(settings.kafka_bootstrap, "test-gateway")
        event = new_event("product.updated", "p1", PRODUCT, producer="catalog")
        producer.send(settings.topic("catalog.events"), key="p1", value=event.to_json()).get(10)
        producer.close()

        def handled() -> bool:
            runner.poll_once(timeout_ms=200)
            with infra.engine.connect() as conn:
                table = messaging.processed_events
                return (
                    conn.execute(table.select().where(table.c.event_id == event.id)).first()
                    is not None
                )

        assert wait_until(handled, timeout=30)
        # the bump is announced to every gateway process, which drops its own copy at once
        assert wait_until(
            lambda: (
                client.get("/api/v1/products/p1") and _reads(standins, "/api/v1/products/p1") == 2
            ),
            timeout=3,
        )
    finally:
        runner.close()
        infra.engine.dispose()


def test_each_process_keeps_a_hot_entry_without_asking_redis(
    gateway, client, standins, redis_client
):
    local = gateway.extensions["gateway_cache"].cache.local
    client.get("/api/v1/categories")
    assert wait_until(lambda: local._live, timeout=5)
    client.get("/api/v1/categories")
    redis_client.flushdb()  # even with the shared copy gone, the local one still serves
    client.get("/api/v1/categories")
    assert _reads(standins, "/api/v1/categories") == 1
