"""A consumer commits once per poll that changed something, and seldom for events it passes over."""

from __future__ import annotations

from kafka.structs import TopicPartition

from shared.messaging.offsets import PendingOffsets

A, B = TopicPartition("voucher.events", 0), TopicPartition("voucher.events", 1)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_poll_that_applied_something_commits_every_partition_at_once():
    offsets = PendingOffsets(interval=1.0, clock=Clock())
    offsets.handled(A, 10, effect=False)
    offsets.handled(B, 7, effect=True)
    assert offsets.due()
    taken = offsets.take({A, B})
    assert {tp: o.offset for tp, o in taken.items()} == {A: 10, B: 7}
    assert not offsets.due()


def test_events_passed_over_are_committed_only_once_the_interval_is_up():
    clock = Clock()
    offsets = PendingOffsets(interval=1.0, clock=clock)
    offsets.handled(A, 10, effect=False)
    clock.now += 0.5
    offsets.handled(A, 20, effect=False)
    assert not offsets.due()
    clock.now += 0.5
    assert offsets.due()
    assert offsets.take({A})[A].offset == 20


def test_nothing_handled_is_never_due():
    clock = Clock()
    offsets = PendingOffsets(interval=1.0, clock=clock)
    clock.now += 60
    assert not offsets.due()
    assert offsets.take({A}) == {}


def test_a_partition_revoked_meanwhile_is_left_to_its_new_owner():
    offsets = PendingOffsets(interval=1.0, clock=Clock())
    offsets.handled(A, 10, effect=True)
    offsets.handled(B, 5, effect=True)
    assert set(offsets.take({B})) == {B}
