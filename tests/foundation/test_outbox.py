"""Events leave through the outbox only when their transaction commits, and none is lost."""

from __future__ import annotations

import subprocess
import threading
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.foundation.conftest import TOPIC, messaging, notes, snapshot
from tests.support.infra import REPO
from tests.support.kafka import read_topic, wait_until


def write_note(infra, merchant_id: str, text: str, *, fail: bool = False) -> None:
    """Change state and record its event in one transaction."""
    with infra.session_factory() as session, session.begin():
        session.execute(notes.insert().values(merchant_id=merchant_id, text=text))
        infra.record_event(
            session, TOPIC, "merchant.updated", merchant_id, snapshot(merchant_id, name=text)
        )
        if fail:
            raise RuntimeError("the use case failed after recording its event")


def unpublished(infra) -> int:
    with infra.session_factory() as session:
        return session.execute(
            select(func.count())
            .select_from(messaging.outbox)
            .where(messaging.outbox.c.published_at.is_(None))
        ).scalar_one()


def test_an_event_of_a_rolled_back_transaction_is_never_published(infra):
    with pytest.raises(RuntimeError):
        write_note(infra, "m-rollback", "lost", fail=True)
    write_note(infra, "m-commit", "kept")
    assert infra.relay().drain() == 1
    events = read_topic(infra.settings.topic(TOPIC), expect=2, timeout=5)
    assert [e["aggregate_id"] for e in events] == ["m-commit"]
    assert events[0]["data"]["legal_name"] == "kept"
    assert events[0]["producer"] == "foundation"


def test_committed_events_are_keyed_by_aggregate_and_marked_published(infra):
    for i in range(6):
        write_note(infra, f"m{i % 2}", f"note {i}")
    assert unpublished(infra) == 6
    assert infra.relay().drain() == 6
    assert unpublished(infra) == 0
    messages = read_topic(infra.settings.topic(TOPIC), expect=6, raw=True)
    partitions = defaultdict(set)
    for m in messages:
        partitions[m.key.decode()].add(m.partition)
    assert set(partitions) == {"m0", "m1"}
    assert all(len(p) == 1 for p in partitions.values())  # one aggregate, one partition


def kafka(action: str) -> None:
    subprocess.run([str(REPO / "deploy" / "kafka.sh"), action], check=True, timeout=180)


def test_events_committed_while_the_broker_is_down_arrive_in_order_once_it_is_back(infra):
    relay = infra.relay(max_backoff=1.0)
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,), daemon=True)
    kafka("stop")
    try:
        thread.start()
        for i in range(30):
            write_note(infra, f"agg{i % 3}", f"{i}")
        assert unpublished(infra) == 30  # nothing could be published
    finally:
        kafka("start")
    try:
        assert wait_until(lambda: unpublished(infra) == 0, timeout=60)
    finally:
        stop.set()
        thread.join(timeout=20)
    events = read_topic(infra.settings.topic(TOPIC), expect=30)
    assert len(events) == 30
    for agg in ("agg0", "agg1", "agg2"):
        order = [int(e["data"]["legal_name"]) for e in events if e["aggregate_id"] == agg]
        assert order == sorted(order) and len(order) == 10


def test_two_relays_at_once_publish_everything_in_order_per_aggregate(infra):
    for i in range(120):
        write_note(infra, f"agg{i % 4}", f"{i}")
    stop = threading.Event()
    relays = [infra.relay(batch_size=7) for _ in range(2)]
    threads = [threading.Thread(target=r.run, args=(stop, 0.01), daemon=True) for r in relays]
    for t in threads:
        t.start()
    try:
        assert wait_until(lambda: unpublished(infra) == 0, timeout=60)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=20)
    events = read_topic(infra.settings.topic(TOPIC), expect=120)
    ids = [e["id"] for e in events]
    assert len(set(ids)) == 120
    for agg in ("agg0", "agg1", "agg2", "agg3"):
        order = [int(e["data"]["legal_name"]) for e in events if e["aggregate_id"] == agg]
        assert order == sorted(order)


class CrashBeforeMarking(Exception):
    pass


def test_a_relay_that_dies_between_publishing_and_marking_publishes_again_and_it_applies_once(
    infra,
):
    for i in range(3):
        write_note(infra, "m1", f"{i}")
    crashing = infra.relay(lease_seconds=30.0)

    def crash(ids):
        raise CrashBeforeMarking(ids)

    crashing._mark_published = crash
    with pytest.raises(CrashBeforeMarking):
        crashing.publish_batch()
    assert unpublished(infra) == 3  # Kafka has them, the outbox does not know
    later = timedelta()
    successor = infra.relay(clock=lambda: datetime.now(UTC) + later)
    assert successor.publish_batch() == 0  # the dead relay's lease has not lapsed yet
    later = timedelta(seconds=31)
    assert successor.drain() == 3
    messages = read_topic(infra.settings.topic(TOPIC), expect=6)
    assert len(messages) == 6 and len({m["id"] for m in messages}) == 3

    applied = []
    runner = infra.consumer(
        "notes", [TOPIC], {"merchant.updated": lambda s, e: applied.append(e.id)}
    )
    try:
        wait_until(lambda: runner.poll_once(timeout_ms=300) == 0 and len(applied) >= 3, timeout=45)
    finally:
        runner.close()
    assert sorted(applied) == sorted({m["id"] for m in messages})
