"""Redis caching with metrics, reads without Redis, ops invalidation, and catalog events on Kafka."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from services.catalog.app import create_app
from services.catalog.bootstrap import migrate
from shared.messaging.topics import CATALOG_EVENTS
from tests.catalog.conftest import Catalog, merchant_event
from tests.support import callers
from tests.support.kafka import read_topic


def _cache_count(result: str) -> float:
    return (
        REGISTRY.get_sample_value("cache_requests_total", {"cache": "catalog", "result": result})
        or 0.0
    )


def test_repeated_list_and_detail_reads_are_cache_hits(catalog):
    mid = catalog.merchant()
    product = catalog.create(mid)
    hits, misses = _cache_count("hit"), _cache_count("miss")
    first = catalog.browse(q="椰子")
    assert catalog.browse(q="椰子") == first
    assert _cache_count("miss") == misses + 1
    assert _cache_count("hit") == hits + 1
    path = f"/api/v1/products/{product['id']}"
    bodies = [catalog.client.get(path, headers=callers.member()).get_json() for _ in range(2)]
    assert bodies[0] == bodies[1] and bodies[0]["id"] == product["id"]
    assert _cache_count("hit") == hits + 2
    metrics = catalog.client.get("/metrics").get_data(as_text=True)
    assert 'cache_requests_total{cache="catalog",result="hit"}' in metrics


def test_product_change_invalidates_its_cached_detail(catalog):
    mid = catalog.merchant()
    product = catalog.create(mid)
    path = f"/api/v1/products/{product['id']}"
    assert catalog.client.get(path, headers=callers.member()).get_json()["member_price"] == 990
    catalog.client.patch(
        f"/api/v1/merchant/products/{product['id']}",
        json={"member_price": 500},
        headers=callers.merchant(mid),
    )
    assert catalog.client.get(path, headers=callers.member()).get_json()["member_price"] == 500


@pytest.fixture
def catalog_without_redis(service_config):
    migrate(service_config["database_url"])
    app = create_app({**service_config, "redis_url": "redis://127.0.0.1:1/0"})
    yield Catalog(app, app.test_client())
    app.extensions["mall_infra"].engine.dispose()


def test_reads_and_writes_still_succeed_when_redis_is_down(catalog_without_redis):
    catalog = catalog_without_redis
    errors = _cache_count("error")
    mid = catalog.merchant()
    product = catalog.create(mid)
    assert catalog.names(q="椰子") == ["海南椰子水"]
    resp = catalog.client.get(f"/api/v1/products/{product['id']}", headers=callers.member())
    assert resp.status_code == 200 and resp.get_json()["merchant"]["id"] == mid
    assert catalog.client.get("/api/v1/categories", headers=callers.member()).status_code == 200
    assert _cache_count("error") >= errors + 3
    catalog.apply(merchant_event("merchant.suspended", mid, status="suspended"))
    assert catalog.names(q="椰子") == []
    resp = catalog.client.post("/api/v1/ops/catalog/cache/invalidate", headers=callers.ops())
    assert resp.status_code == 503 and resp.get_json()["code"] == "cache_unavailable"


def test_ops_invalidation_drops_every_cached_page_and_is_safe_twice(catalog, redis_client):
    mid = catalog.merchant()
    product = catalog.create(mid)
    catalog.browse()
    catalog.client.get(f"/api/v1/products/{product['id']}", headers=callers.member())
    before = {k: int(redis_client.get(k)) for k in redis_client.scan_iter("cache:{catalog:*}:ns")}
    assert f"cache:{{catalog:product:{product['id']}}}:ns".encode() in before
    for _ in range(2):
        resp = catalog.client.post("/api/v1/ops/catalog/cache/invalidate", headers=callers.ops())
        assert resp.status_code == 200 and resp.get_json()["invalidated"] >= 2
    after = {k: int(redis_client.get(k)) for k in redis_client.scan_iter("cache:{catalog:*}:ns")}
    assert all(after[k] == v + 2 for k, v in before.items())
    hits = _cache_count("hit")
    catalog.browse()
    assert _cache_count("hit") == hits  # a miss: the page was dropped


def test_category_tree_is_seeded_with_children(catalog):
    resp = catalog.client.get("/api/v1/categories", headers=callers.member())
    tree = resp.get_json()["items"]
    assert len(tree) == 9
    groceries = tree[0]
    assert groceries["slug"] == "groceries" and groceries["name_zh"] == "生鲜与热带农产品"
    assert [c["slug"] for c in groceries["children"]] == [
        "tropical-fruit",
        "farm-produce",
        "grain-oil",
    ]


def test_product_events_reach_kafka_through_the_outbox(catalog, topic_prefix):
    catalog.infra.ensure_topics([CATALOG_EVENTS])
    mid = catalog.merchant()
    product = catalog.create(mid, online=False, store_ids=[f"{mid}-s1"])
    url = f"/api/v1/merchant/products/{product['id']}"
    catalog.client.patch(url, json={"stock": 5}, headers=callers.merchant(mid))
    catalog.client.delete(url, headers=callers.merchant(mid))
    assert catalog.infra.relay().drain() == 4
    events = read_topic(f"{topic_prefix}{CATALOG_EVENTS}", expect=4)
    # the merchant's copy told its own event, keyed by the merchant: another partition maybe
    listings = [e for e in events if e["type"] == "product.listings_changed"]
    assert [e["aggregate_id"] for e in listings] == [mid]
    events = [e for e in events if e not in listings]
    assert [e["type"] for e in events] == [
        "product.published",
        "product.updated",
        "product.withdrawn",
    ]
    assert {e["aggregate_id"] for e in events} == {product["id"]}
    data = events[0]["data"]
    assert data["merchant_id"] == mid and data["member_price"] == 990
    assert data["regions"] == ["460100"] and data["online"] is False
    assert events[2]["data"]["status"] == "withdrawn"
