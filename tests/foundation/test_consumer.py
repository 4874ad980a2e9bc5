"""Consumers apply each event once, park poison messages, and move on."""

from __future__ import annotations

import json
import time
import uuid

from prometheus_client import REGISTRY
from redis import Redis
from sqlalchemy import func, select

from shared.events import new_event
from shared.messaging.applier import replay_dead_letter
from shared.messaging.kafka import make_producer
from shared.messaging.topics import dlq_topic
from shared.messaging.transient import TransientFailure
from tests.foundation.conftest import TOPIC, messaging, notes, snapshot
from tests.support import infra as test_infra
from tests.support.kafka import read_topic, wait_until
from tests.support.tcp_gate import TcpGate


def note_count(infra, merchant_id: str | None = None) -> int:
    query = select(func.count()).select_from(notes)
    if merchant_id:
        query = query.where(notes.c.merchant_id == merchant_id)
    with infra.session_factory() as session:
        return session.execute(query).scalar_one()


def add_note(session, event) -> None:
    if event.data["legal_name"] == "explode":
        raise ValueError("cannot handle this merchant")
    session.execute(notes.insert().values(merchant_id=event.aggregate_id, text=event.id))


def send_raw(infra, values: list[bytes | str], key: str = "m1") -> None:
    producer = make_producer(infra.settings.kafka_bootstrap, "test")
    for value in values:
        producer.send(infra.settings.topic(TOPIC), key=key, value=value)
    producer.flush()
    producer.close()


def consume_until(runner, predicate, timeout: float = 45.0):
    def step():
        runner.poll_once(timeout_ms=200)
        return predicate()

    return wait_until(step, timeout=timeout, interval=0)


def test_a_duplicate_delivery_is_applied_once(infra):
    event = new_event("merchant.updated", "m1", snapshot("m1"), producer="merchant")
    later = new_event("merchant.updated", "m2", snapshot("m2"), producer="merchant")
    send_raw(infra, [event.to_json(), event.to_json(), later.to_json()])
    send_raw(infra, [event.to_json()], key="elsewhere")  # a third copy, another partition
    runner = infra.consumer("notes", [TOPIC], {"merchant.updated": add_note})
    try:
        assert consume_until(runner, lambda: note_count(infra, "m2") == 1)
        consume_until(runner, lambda: False, timeout=2)  # drain the rest
    finally:
        runner.close()
    assert note_count(infra, "m1") == 1


def test_a_redelivery_after_a_restart_has_no_second_effect(infra):
    event = new_event("merchant.updated", "m1", snapshot("m1"), producer="merchant")
    send_raw(infra, [event.to_json()])
    first = infra.consumer("notes", [TOPIC], {"merchant.updated": add_note})
    assert consume_until(first, lambda: note_count(infra) == 1)
    first.close()
    # Another group re-reads the topic from the start: the processed-events table is what stops it
    # (a group of the same name would not see the message again, because the offset was committed).
    again = infra.consumer(
        "notes",
        [TOPIC],
        {"merchant.updated": add_note},
        group_id=infra.settings.topic("notes-replayer"),
    )
    try:
        consume_until(again, lambda: False, timeout=3)
    finally:
        again.close()
    assert note_count(infra) == 1


def test_poison_messages_go_to_the_dead_letter_topic_and_the_next_one_is_handled(infra):
    good = new_event("merchant.updated", "m9", snapshot("m9"), producer="merchant")
    failing = new_event(
        "merchant.updated", "m1", snapshot("m1", name="explode"), producer="merchant"
    )
    unknown = {**good.to_dict(), "id": str(uuid.uuid4()), "type": "merchant.vanished"}
    infra.ensure_topics([TOPIC])
    send_raw(infra, [b"{not json", json.dumps(unknown), failing.to_json(), good.to_json()])
    runner = infra.consumer("notes", [TOPIC], {"merchant.updated": add_note})
    try:
        assert consume_until(runner, lambda: note_count(infra, "m9") == 1)
    finally:
        runner.close()
    parked = read_topic(dlq_topic(infra.settings.topic(TOPIC)), expect=3, raw=True)
    errors = [dict(m.headers)["error"].decode() for m in parked]
    assert len(parked) == 3
    assert "not JSON" in errors[0]
    assert "unknown event type 'merchant.vanished'" in errors[1]
    assert "cannot handle this merchant" in errors[2]
    assert parked[2].value == failing.to_json().encode()
    with infra.session_factory() as session:
        rows = session.execute(select(messaging.dead_letters)).all()
    assert len(rows) == 3 and {r.consumer for r in rows} == {"notes"}
    # The offsets were committed: the same group starts after the poison messages.
    runner = infra.consumer("notes", [TOPIC], {"merchant.updated": add_note})
    try:
        assert runner.poll_once(timeout_ms=3000) == 0
    finally:
        runner.close()


def test_a_dead_letter_can_be_replayed_once_its_cause_is_fixed(infra):
    failing = new_event(
        "merchant.updated", "m1", snapshot("m1", name="explode"), producer="merchant"
    )
    send_raw(infra, [failing.to_json()])
    runner = infra.consumer("notes", [TOPIC], {"merchant.updated": add_note})
    try:
        assert consume_until(runner, lambda: len(dead_letters(infra)) == 1)
    finally:
        runner.close()
    fixed = infra.applier(
        "notes",
        {
            "merchant.updated": lambda s, e: s.execute(
                notes.insert().values(merchant_id=e.aggregate_id, text="fixed")
            )
        },
    )
    letter_id = dead_letters(infra)[0].id
    assert replay_dead_letter(fixed, letter_id) == "applied"
    assert replay_dead_letter(fixed, letter_id) == "duplicate"
    assert note_count(infra, "m1") == 1
    assert dead_letters(infra)[0].replayed_at is not None


def dead_letters(infra):
    with infra.session_factory() as session:
        return session.execute(select(messaging.dead_letters)).all()


def test_an_event_that_meets_an_outage_waits_for_it_instead_of_being_parked(infra, redis_client):
    gate = TcpGate(test_infra.REDIS_PORT)
    gated = Redis.from_url(gate.redis_url(test_infra.TEST_REDIS_DB), socket_timeout=1)

    def mark_in_redis(session, event) -> None:  # e.g. a cache bump the event calls for
        gated.incr(f"outage-test:{event.aggregate_id}")
        add_note(session, event)

    event = new_event("merchant.updated", "m-out", snapshot("m-out"), producer="merchant")
    runner = infra.consumer("notes", [TOPIC], {"merchant.updated": mark_in_redis})
    gate.cut()
    try:
        waited = 0
        deadline = time.monotonic() + 30
        send_raw(infra, [event.to_json()], key="m-out")
        while waited < 3 and time.monotonic() < deadline:
            try:
                runner.poll_once(timeout_ms=200)
            except TransientFailure:
                waited += 1
        assert waited >= 3  # read again and again, never parked
        assert dead_letters(infra) == [] and note_count(infra, "m-out") == 0
        gate.restore()
        assert consume_until(runner, lambda: note_count(infra, "m-out") == 1)
    finally:
        runner.close()
        gate.close()
    assert dead_letters(infra) == []
    assert redis_client.get("outage-test:m-out") == b"1"


def test_an_outage_that_outlasts_the_wait_parks_the_event_and_counts_it(infra, redis_client):
    gate = TcpGate(test_infra.REDIS_PORT)
    gated = Redis.from_url(gate.redis_url(test_infra.TEST_REDIS_DB), socket_timeout=1)

    def mark_in_redis(session, event) -> None:
        gated.incr(f"outage-test:{event.aggregate_id}")
        add_note(session, event)

    def parked_count() -> float:
        labels = {"consumer": "notes-capped"}
        return REGISTRY.get_sample_value("consumer_parked_after_wait_total", labels) or 0.0

    before = parked_count()
    event = new_event("merchant.updated", "m-cap", snapshot("m-cap"), producer="merchant")
    runner = infra.consumer("notes-capped", [TOPIC], {"merchant.updated": mark_in_redis})
    runner.max_wait = 1.5
    gate.cut()
    try:
        send_raw(infra, [event.to_json()], key="m-cap")
        waited = 0

        def parked() -> bool:
            nonlocal waited
            try:
                runner.poll_once(timeout_ms=200)
            except TransientFailure:
                waited += 1
            return len(dead_letters(infra)) == 1

        assert wait_until(parked, timeout=45, interval=0.1)
        assert waited >= 2  # it did wait first
        assert (
            "Connection" in dead_letters(infra)[0].error
            or "Timeout" in dead_letters(infra)[0].error
        )
        assert parked_count() == before + 1
        assert read_topic(dlq_topic(infra.settings.topic(TOPIC)), expect=1)
    finally:
        runner.close()
        gate.close()


def test_an_outage_met_in_one_partition_loses_nothing_the_same_poll_gave_of_the_others(
    infra, redis_client
):
    # One poll hands over several partitions; kafka-python has already moved past all of them.
    # When the first waits for an outage, the others were never applied and must be read again
    # (the chaos run's catalog lost merchant snapshots this way).
    gate = TcpGate(test_infra.REDIS_PORT)
    gated = Redis.from_url(gate.redis_url(test_infra.TEST_REDIS_DB), socket_timeout=1)

    def mark_in_redis(session, event) -> None:
        gated.incr(f"outage-test:{event.aggregate_id}")
        add_note(session, event)

    infra.ensure_topics([TOPIC])
    producer = make_producer(infra.settings.kafka_bootstrap, "test")
    for partition in range(3):  # the suite's topics have 3 (tests/conftest.py)
        merchant = f"m-p{partition}"
        event = new_event("merchant.updated", merchant, snapshot(merchant), producer="merchant")
        producer.send(infra.settings.topic(TOPIC), key=merchant, value=event.to_json(),
                      partition=partition)  # fmt: skip
    producer.flush()
    producer.close()
    runner = infra.consumer("notes", [TOPIC], {"merchant.updated": mark_in_redis})
    gate.cut()
    try:
        waited, deadline = 0, time.monotonic() + 30
        while waited < 3 and time.monotonic() < deadline:
            try:
                runner.poll_once(timeout_ms=200)
            except TransientFailure:
                waited += 1
        assert waited >= 3 and note_count(infra) == 0
        gate.restore()
        assert consume_until(runner, lambda: note_count(infra) == 3, timeout=20)
    finally:
        runner.close()
        gate.close()
    assert dead_letters(infra) == []
