"""Several relays share the outbox by slot: every event out once, in order per aggregate,
and a dead relay's slots taken over once its leases lapse."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict

from sqlalchemy import select

from shared.outbox.slots import SLOTS, slot_of
from tests.foundation.conftest import TOPIC, messaging
from tests.foundation.test_outbox import unpublished, write_note
from tests.support.kafka import read_topic, wait_until

AGGREGATES = [f"agg{i}" for i in range(24)]


def write_events(infra, rounds: int, start: int = 0) -> int:
    for n in range(start, start + rounds):
        for agg in AGGREGATES:
            write_note(infra, agg, str(n))
    return rounds * len(AGGREGATES)


class Counted:
    """A relay run in a thread, counting what it published; `die()` stops it without handing
    its slots back, as a killed process would."""

    def __init__(self, relay):
        self.relay, self.published, self.stop = relay, 0, threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.stop.is_set():
            n = self.relay.publish_batch()
            self.published += n
            if not n:
                self.stop.wait(0.02)

    def die(self) -> None:
        self.stop.set()
        self.thread.join(timeout=30)
        self.relay._drop_producer()


def assert_in_order_once(events: list[dict], rounds: int) -> None:
    ids = Counter(e["id"] for e in events)
    assert max(ids.values()) == 1, "an event went out twice"
    per_aggregate = defaultdict(list)
    for e in events:
        per_aggregate[e["aggregate_id"]].append(int(e["data"]["legal_name"]))
    assert set(per_aggregate) == set(AGGREGATES)
    for agg, seen in per_aggregate.items():
        assert seen == list(range(rounds)), agg


def test_slots_spread_the_aggregates_and_never_change():
    slots = {slot_of(a) for a in AGGREGATES}
    assert len(slots) > 8 and all(0 <= s < SLOTS for s in slots)
    assert slot_of("agg1") == slot_of("agg1") == 5  # crc32: the same in every process


def test_two_relays_share_the_slots_and_publish_every_event_once_in_order(infra):
    relays = [Counted(infra.relay(batch_size=20, lease_seconds=6.0)) for _ in range(2)]
    try:
        shared = [SLOTS // 2, SLOTS // 2]
        assert wait_until(lambda: [len(r.relay.slots.held) for r in relays] == shared, timeout=30)
        total = write_events(infra, 10)
        assert wait_until(lambda: unpublished(infra) == 0, timeout=90)
        held = [set(r.relay.slots.held) for r in relays]
    finally:
        for r in relays:
            r.die()
    assert not held[0] & held[1]
    assert len(held[0]) == len(held[1]) == SLOTS // 2
    assert all(r.published > 0 for r in relays)
    assert sum(r.published for r in relays) == total
    assert_in_order_once(read_topic(infra.settings.topic(TOPIC), expect=total), 10)


def test_when_a_relay_dies_the_other_takes_its_slots_once_their_leases_lapse(infra):
    first = Counted(infra.relay(batch_size=20, lease_seconds=6.0))
    second = Counted(infra.relay(batch_size=20, lease_seconds=6.0))
    try:
        write_events(infra, 4)
        assert wait_until(lambda: unpublished(infra) == 0, timeout=90)
        assert wait_until(lambda: len(second.relay.slots.held) == SLOTS // 2, timeout=20)
        first.die()  # no hand-back: its slots stay leased for up to 6 s
        write_events(infra, 4, start=4)
        assert wait_until(lambda: unpublished(infra) == 0, timeout=60)
        assert len(second.relay.slots.held) == SLOTS
    finally:
        second.die()
    assert_in_order_once(read_topic(infra.settings.topic(TOPIC), expect=8 * 24), 8)


def test_a_relay_stopped_cleanly_hands_its_slots_over_at_once(infra):
    stop = threading.Event()
    leaving = infra.relay(lease_seconds=60.0)
    thread = threading.Thread(target=leaving.run, args=(stop, 0.02), daemon=True)
    thread.start()
    assert wait_until(lambda: len(leaving.slots.held) == SLOTS, timeout=20)
    stop.set()
    thread.join(timeout=30)
    write_note(infra, "after", "0")
    staying = infra.relay(lease_seconds=60.0)  # far longer than the test: no lapse needed
    assert staying.drain() == 1


def test_rows_written_without_a_slot_are_adopted_and_published(infra):
    outbox = messaging.outbox
    write_note(infra, "old-writer", "0")
    with infra.session_factory() as session, session.begin():
        session.execute(outbox.update().values(slot=None))
    assert infra.relay().drain() == 1
    with infra.session_factory() as session:
        assert session.execute(select(outbox.c.slot)).scalar_one() == slot_of("old-writer")
    (event,) = read_topic(infra.settings.topic(TOPIC), expect=1)
    assert event["aggregate_id"] == "old-writer"
