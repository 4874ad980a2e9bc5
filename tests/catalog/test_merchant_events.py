"""The catalog's merchant copy follows merchant.* events from real Kafka, caches included."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from services.catalog.adapters.orm import merchants
from services.catalog.adapters.repository import merchant_copies
from services.catalog.entrypoints.consumer import CONSUMER, TOPICS
from shared.messaging.kafka import make_producer
from tests.catalog.conftest import merchant_event
from tests.support import callers
from tests.support.infra import KAFKA
from tests.support.kafka import wait_until


@pytest.fixture
def kafka_feed(catalog, topic_prefix):
    """Publish merchant events to real Kafka and run the catalog's consumer on them."""
    infra = catalog.infra
    infra.ensure_topics(TOPICS)
    handlers = catalog.app.extensions["mall_appliers"][CONSUMER].handlers
    runner = infra.consumer(CONSUMER, TOPICS, handlers, max_poll_records=50)
    producer = make_producer(KAFKA, "catalog-test")

    class Feed:
        def send(self, *events) -> None:
            for event in events:
                producer.send(
                    f"{topic_prefix}merchant.events", key=event.aggregate_id, value=event.to_json()
                )
            producer.flush(10)

        def until(self, predicate, timeout: float = 40.0):
            return wait_until(lambda: (runner.poll_once(200), predicate())[1], timeout=timeout)

    yield Feed()
    producer.close(timeout=5)
    runner.close()


def _status(catalog, merchant_id: str) -> str | None:
    with catalog.infra.session_factory() as s:
        copy = merchant_copies.get(s, merchant_id)
    return copy.status if copy else None


def test_suspension_hides_products_and_reinstatement_shows_them_through_kafka(catalog, kafka_feed):
    mid, other = "M-kafka-1", "M-kafka-2"
    kafka_feed.send(
        merchant_event("merchant.approved", mid), merchant_event("merchant.approved", other)
    )
    assert kafka_feed.until(lambda: _status(catalog, mid) == _status(catalog, other) == "active")
    mine = [catalog.create(mid, name=f"椰子{i}") for i in range(3)]
    theirs = catalog.create(other, name="椰子汁")
    detail = f"/api/v1/products/{mine[0]['id']}"
    # Warm the caches: a list page and a detail.
    assert len(catalog.names(q="椰子")) == 4
    assert catalog.client.get(detail, headers=callers.member()).status_code == 200

    kafka_feed.send(merchant_event("merchant.suspended", mid, status="suspended", reason="投诉"))
    assert kafka_feed.until(lambda: _status(catalog, mid) == "suspended")
    assert catalog.names(q="椰子") == ["椰子汁"]
    assert catalog.names(merchant_id=mid) == []
    assert catalog.client.get(detail, headers=callers.member()).status_code == 404
    assert (
        catalog.client.get(f"/api/v1/products/{theirs['id']}", headers=callers.member()).status_code
        == 200
    )

    kafka_feed.send(merchant_event("merchant.reinstated", mid))
    assert kafka_feed.until(lambda: _status(catalog, mid) == "active")
    assert set(catalog.names(q="椰子")) == {"椰子0", "椰子1", "椰子2", "椰子汁"}
    assert catalog.client.get(detail, headers=callers.member()).status_code == 200


def _row(catalog, merchant_id: str) -> dict:
    with catalog.infra.session_factory() as s:
        query = select(merchants).where(merchants.c.merchant_id == merchant_id)
        return dict(s.execute(query).one()._mapping)


def test_redelivered_event_has_no_second_effect(catalog, kafka_feed):
    mid = "M-kafka-3"
    approved = merchant_event("merchant.approved", mid)
    kafka_feed.send(approved)
    assert kafka_feed.until(lambda: _status(catalog, mid) == "active")
    first = _row(catalog, mid)

    marker = merchant_event("merchant.updated", "M-kafka-marker")
    kafka_feed.send(approved, marker)  # the same event again, then one to know it was read
    assert kafka_feed.until(lambda: _status(catalog, "M-kafka-marker") == "active")
    assert _row(catalog, mid) == first  # not written again: updated_at unchanged
    outcome = catalog.apply(approved)
    assert outcome == {approved.id: "duplicate"}


def test_older_snapshot_arriving_late_is_ignored(catalog):
    mid = catalog.merchant()
    suspended = merchant_event("merchant.suspended", mid, status="suspended")
    stale = dataclasses.replace(
        merchant_event("merchant.updated", mid),
        occurred_at=suspended.occurred_at - timedelta(seconds=5),
    )
    assert catalog.apply(suspended) == {suspended.id: "applied"}
    assert catalog.apply(stale) == {stale.id: "applied"}
    assert _status(catalog, mid) == "suspended"


def test_store_changes_from_events_decide_which_stores_a_product_may_use(catalog):
    mid = catalog.merchant(stores=[{"id": "s-old", "name": "老店", "region": "460100"}])
    resp = catalog.client.post(
        "/api/v1/merchant/products",
        json={
            "name": "椰子",
            "kind": "goods",
            "category": "tropical-fruit",
            "list_price": 500,
            "member_price": 400,
            "stock": 1,
            "online": False,
            "store_ids": ["s-new"],
        },
        headers=callers.merchant(mid),
    )
    assert resp.status_code == 422
    catalog.apply(
        merchant_event(
            "merchant.updated", mid, stores=[{"id": "s-new", "name": "新店", "region": "469002"}]
        )
    )
    product = catalog.create(mid, online=False, store_ids=["s-new"])
    assert product["regions"] == ["469002"]


def _listings_events(catalog) -> list[tuple[str, dict]]:
    outbox = catalog.infra.tables.outbox
    with catalog.infra.session_factory() as s:
        rows = s.execute(
            select(outbox.c.key, outbox.c.payload)
            .where(outbox.c.event_type == "product.listings_changed")
            .order_by(outbox.c.id)
        ).all()
    return [(key, json.loads(payload)["data"]) for key, payload in rows]


def test_each_stored_standing_tells_the_gateway_once_the_copy_is_committed(catalog):
    mid = catalog.merchant()
    suspended = merchant_event("merchant.suspended", mid, status="suspended")
    stale = dataclasses.replace(
        merchant_event("merchant.updated", mid),
        occurred_at=suspended.occurred_at - timedelta(seconds=5),
    )
    catalog.apply(suspended)
    catalog.apply(suspended)  # a redelivery
    catalog.apply(stale)  # older than the copy held: nothing stored, nothing told
    assert _listings_events(catalog) == [
        (mid, {"merchant_id": mid, "merchant_status": "active"}),
        (mid, {"merchant_id": mid, "merchant_status": "suspended"}),
    ]
