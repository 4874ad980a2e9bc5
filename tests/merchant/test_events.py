"""Events through the outbox to Kafka, and voucher events consumed exactly once in effect."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime

from kafka import KafkaConsumer

from services.merchant.entrypoints import consumer
from shared.events import new_event, parse_event
from shared.messaging.kafka import make_producer
from shared.messaging.topics import MERCHANT_EVENTS, VOUCHER_EVENTS
from tests.merchant.helpers import BASE, approved_merchant, submit
from tests.support import callers
from tests.support.infra import KAFKA
from tests.support.kafka import read_topic, wait_until

ENVELOPE = {
    "id",
    "type",
    "version",
    "occurred_at",
    "producer",
    "aggregate_id",
    "request_id",
    "data",
}


def run_relay(infra):
    """Run the relay loop as the worker does, in a thread; return its stop event."""
    stop = threading.Event()
    thread = threading.Thread(
        target=infra.relay().run, args=(stop,), kwargs={"interval": 0.05}, daemon=True
    )
    thread.start()
    return stop, thread


def test_state_changes_reach_kafka_with_the_envelope(app, client, topic_prefix):
    infra = app.extensions["mall_infra"]
    infra.ensure_topics([MERCHANT_EVENTS])
    mid, _ = approved_merchant(client, categories=["dining"])
    client.patch(
        f"{BASE}/merchant/profile", json={"discount_percent": 20}, headers=callers.merchant(mid)
    )
    client.post(
        f"{BASE}/ops/merchants/{mid}/suspend",
        json={"reason": "核查"},
        headers={**callers.ops(), "X-Request-Id": "req-suspend-1"},
    )
    client.post(
        f"{BASE}/ops/merchants/{mid}/reinstate", json={"reason": "ok"}, headers=callers.ops()
    )
    rejected = submit(client)
    client.post(
        f"{BASE}/ops/merchant-applications/{rejected['id']}/reject",
        json={"reason": "不符合条件"},
        headers=callers.ops(),
    )
    stop, thread = run_relay(infra)
    try:
        messages = read_topic(f"{topic_prefix}{MERCHANT_EVENTS}", expect=5, raw=True)
    finally:
        stop.set()
        thread.join(5)
    events = [parse_event(m.value) for m in messages]
    by_type = {e.type: e for e in events}
    assert set(by_type) == {
        "merchant.approved",
        "merchant.updated",
        "merchant.suspended",
        "merchant.reinstated",
        "merchant.rejected",
    }
    for m in messages:
        assert set(json.loads(m.value)) == ENVELOPE
    approved = by_type["merchant.approved"]
    assert approved.producer == "merchant" and approved.version == 1
    assert approved.aggregate_id == mid
    assert approved.data["categories"] == ["dining"] and approved.data["status"] == "active"
    assert approved.data["stores"][0]["region"] == "460100"
    assert by_type["merchant.suspended"].data["reason"] == "核查"
    assert by_type["merchant.suspended"].data["status"] == "suspended"
    assert by_type["merchant.suspended"].request_id == "req-suspend-1"
    assert by_type["merchant.rejected"].data["reason"] == "不符合条件"
    merchant_messages = [m for m in messages if m.key == mid.encode()]
    assert len(merchant_messages) == 4  # keyed by merchant id, so one partition keeps order
    assert len({m.partition for m in merchant_messages}) == 1
    assert [parse_event(m.value).type for m in merchant_messages] == [
        "merchant.approved",
        "merchant.updated",
        "merchant.suspended",
        "merchant.reinstated",
    ]


def test_rejected_request_stages_no_event(app, client):
    infra = app.extensions["mall_infra"]
    client.post(f"{BASE}/merchant-applications/x/approve", json={}, headers=callers.ops())
    client.post(f"{BASE}/ops/merchants/nobody/suspend", json={"reason": "x"}, headers=callers.ops())
    assert infra.relay().backlog() == 0


def topic_ready(topic: str) -> bool:
    """Wait until a fresh topic's partitions show in metadata (a group joined before may hang)."""
    probe = KafkaConsumer(bootstrap_servers=KAFKA)
    try:
        return bool(wait_until(lambda: probe.partitions_for_topic(topic), timeout=15))
    finally:
        probe.close()


def consume(runner, expect: int, timeout: float = 30.0) -> bool:
    """Poll until `expect` messages were handled.

    kafka-python can finish a group join on a just-created topic with no partitions
    and not notice them later; if nothing is assigned after a few seconds, rejoin.
    """
    handled, started = 0, time.monotonic()
    deadline = started + timeout
    while handled < expect and time.monotonic() < deadline:
        handled += runner.poll_once(timeout_ms=200)
        if not runner.consumer.assignment() and time.monotonic() - started > 5:
            runner.close()
            started = time.monotonic()
    return handled >= expect


def redemption(event_type, merchant_id, redemption_id, amount=10000, discount=2000, subsidy=1500):
    return new_event(
        event_type,
        redemption_id,
        {
            "redemption_id": redemption_id,
            "voucher_id": "v-1",
            "campaign_id": "c-1",
            "member_id": "m-1",
            "merchant_id": merchant_id,
            "store_id": None,
            "channel": "offline",
            "order_amount": amount,
            "discount": discount,
            "subsidy": subsidy,
            "at": datetime.now(UTC).isoformat(),
        },
        producer="voucher",
    )


def test_redelivered_voucher_event_does_not_double_the_totals(app, client, topic_prefix):
    infra = app.extensions["mall_infra"]
    infra.ensure_topics([VOUCHER_EVENTS])
    mid, _ = approved_merchant(client)
    first = redemption("voucher.redeemed", mid, "r-1")
    second = redemption("voucher.redeemed", mid, "r-2", amount=5000, discount=500, subsidy=400)
    reversal = redemption("voucher.reversed", mid, "r-2", amount=5000, discount=500, subsidy=400)
    producer = make_producer(KAFKA, "merchant-test")
    topic = f"{topic_prefix}{VOUCHER_EVENTS}"
    assert topic_ready(topic)
    for event in (first, first, second, reversal, reversal):  # each duplicate redelivered
        producer.send(topic, key=event.aggregate_id, value=event.to_json())
    producer.flush()
    producer.close()
    handlers = consumer.handlers(app.extensions["mall_context"])
    runner = infra.consumer(consumer.CONSUMER, consumer.TOPICS, handlers)
    try:
        assert consume(runner, expect=5)
    finally:
        runner.close()
    board = client.get(f"{BASE}/merchant/dashboard", headers=callers.merchant(mid)).get_json()
    assert board["redeemed"] == 2 and board["reversed"] == 1 and board["redemptions"] == 1
    assert board["order_amount"] == 10000
    assert board["discount"] == 2000 and board["subsidy"] == 1500
