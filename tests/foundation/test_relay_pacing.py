"""An idle relay polls less often, yet an event written after a quiet spell still goes out
within the idle interval, and the events after it at the busy pace."""

from __future__ import annotations

import threading
import time

from shared.outbox.relay import IDLE_INTERVAL
from tests.foundation.test_outbox import unpublished, write_note
from tests.support.kafka import read_topic, wait_until


class CountedRelay:
    """The relay's own run loop in a thread, with the time of each of its polls."""

    def __init__(self, relay, interval: float) -> None:
        self.polls: list[float] = []
        publish = relay.publish_batch

        def counted() -> int:
            self.polls.append(time.monotonic())
            return publish()

        relay.publish_batch = counted
        self.stop = threading.Event()
        self.thread = threading.Thread(target=relay.run, args=(self.stop, interval), daemon=True)
        self.thread.start()

    def polls_since(self, moment: float) -> int:
        return sum(1 for p in self.polls if p >= moment)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=20)


def published_within(infra, text: str) -> float:
    """Write one event; return how long it took to be published."""
    write_note(infra, "quiet", text)
    written = time.monotonic()
    assert wait_until(lambda: unpublished(infra) == 0, timeout=10, interval=0.01)
    return time.monotonic() - written


def test_an_idle_relay_backs_off_but_publishes_a_new_event_within_its_idle_interval(infra):
    interval = 0.05
    relay = CountedRelay(infra.relay(), interval)
    try:
        time.sleep(1.0)  # nothing to publish: the waits grow to IDLE_INTERVAL
        quiet_since = time.monotonic()
        time.sleep(2.0)
        # At the busy pace that would be 40 polls; backed off, about 2 / IDLE_INTERVAL.
        assert relay.polls_since(quiet_since) <= 2.0 / IDLE_INTERVAL + 2
        # A busy machine may add a little to the wait, never a second.
        assert published_within(infra, "after a quiet spell") < IDLE_INTERVAL + 0.5
        # While events keep coming it polls at the busy pace again.
        busy_since = time.monotonic()
        for i in range(50):
            write_note(infra, "busy", str(i))
            time.sleep(0.02)
        assert relay.polls_since(busy_since) >= 8  # about 1 s / interval; idle would be 2
        assert wait_until(lambda: unpublished(infra) == 0, timeout=10)
    finally:
        relay.close()
    events = read_topic(infra.settings.topic("merchant.events"), expect=51)
    assert [e["data"]["legal_name"] for e in events if e["aggregate_id"] == "busy"] == [
        str(i) for i in range(50)
    ]
