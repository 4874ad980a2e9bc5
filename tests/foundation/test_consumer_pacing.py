"""How often a consumer talks to Kafka: a lone event is applied at once even though idle
fetches wait long; offsets are committed at once after an effect, within the interval for
events passed over."""

from __future__ import annotations

import time

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient

from shared.events import new_event
from tests.foundation.conftest import TOPIC, snapshot
from tests.foundation.test_consumer import add_note, note_count, send_raw
from tests.support.kafka import wait_until


def committed_and_ends(infra, group: str) -> tuple[dict, dict]:
    """The group's committed offsets and the topic's end offsets, by partition."""
    topic = infra.settings.topic(TOPIC)
    admin = KafkaAdminClient(bootstrap_servers=infra.settings.kafka_bootstrap)
    reader = KafkaConsumer(bootstrap_servers=infra.settings.kafka_bootstrap)
    try:
        parts = [TopicPartition(topic, p) for p in sorted(reader.partitions_for_topic(topic))]
        found = admin.list_group_offsets({group: parts}).get(group, {})
        committed = {tp: o.offset for tp, o in found.items() if o is not None and o.offset >= 0}
        ends = {tp: n for tp, n in reader.end_offsets(parts).items() if n}
    finally:
        admin.close()
        reader.close()
    return committed, ends


def spy_on_commits(runner) -> list[float]:
    """When the runner's consumer commits (the commit itself still goes to the broker)."""
    consumer = runner.consumer
    commit, times = consumer.commit, []

    def timed_commit(*args, **kwargs):
        times.append(time.monotonic())
        return commit(*args, **kwargs)

    consumer.commit = timed_commit
    return times


def claimed(voucher_id: str) -> dict:
    return {
        "voucher_id": voucher_id, "campaign_id": "c1", "member_id": "m1", "subsidy": 1000,
        "claimed_at": "2026-11-30T10:00:00+00:00", "valid_until": "2026-12-07T10:00:00+00:00",
    }  # fmt: skip


def test_events_passed_over_are_committed_within_the_interval_and_effects_at_once(infra):
    passed_over = [
        new_event("voucher.claimed", f"v{i}", claimed(f"v{i}"), producer="voucher")
        for i in range(24)
    ]
    for event in passed_over:
        send_raw(infra, [event.to_json()], key=event.aggregate_id)  # across the partitions
    runner = infra.consumer("notes", [TOPIC], {"merchant.updated": add_note})
    runner._offsets.interval = 2.0
    group = infra.settings.topic("notes")
    try:
        commits = spy_on_commits(runner)
        seen = 0
        while seen < len(passed_over):
            seen += runner.poll_once(timeout_ms=200)
        started = time.monotonic()

        def all_committed() -> bool:
            runner.poll_once(timeout_ms=100)
            committed, ends = committed_and_ends(infra, group)
            return committed == ends

        assert wait_until(all_committed, timeout=30, interval=0)
        # Not one commit per poll: at most one before the last event was read, and the one
        # that covers it within the interval (a busy machine may add a little).
        assert 1 <= len(commits) <= 2
        assert commits[-1] - started < 2.0 + 3.0

        note = new_event("merchant.updated", "m1", snapshot("m1"), producer="merchant")
        send_raw(infra, [note.to_json()], key="m1")
        while note_count(infra, "m1") == 0:
            runner.poll_once(timeout_ms=200)
        # committed by the poll that applied it, not one interval later
        committed, ends = committed_and_ends(infra, group)
        assert committed == ends
    finally:
        runner.close()


def test_a_lone_event_after_a_quiet_spell_is_applied_at_once(infra):
    # Idle fetches wait 5 s here, so "at once" stands clear of a busy machine's delays.
    runner = infra.consumer(
        "notes", [TOPIC], {"merchant.updated": add_note}, fetch_max_wait_ms=5000
    )
    try:
        quiet_until = time.monotonic() + 2.0  # idle fetches come back empty, one by one
        while time.monotonic() < quiet_until:
            runner.poll_once(timeout_ms=200)
        note = new_event("merchant.updated", "m1", snapshot("m1"), producer="merchant")
        send_raw(infra, [note.to_json()], key="m1")
        sent = time.monotonic()
        while note_count(infra, "m1") == 0 and time.monotonic() - sent < 10:
            runner.poll_once(timeout_ms=50)
        # The broker answers a waiting fetch as soon as the event lands: nowhere near the
        # idle fetch's wait.
        assert time.monotonic() - sent < 2.0
    finally:
        runner.close()
