"""Topics are created with a configurable partition count (default 12), DLQ included."""

from __future__ import annotations

import os
import subprocess
import sys

from kafka import KafkaConsumer

from shared.messaging.topics import ALL_EVENT_TOPICS, DEFAULT_PARTITIONS, ensure_topics
from tests.ops.test_compose import REPO
from tests.support.infra import KAFKA


def partitions_of(names: list[str]) -> dict[str, int]:
    probe = KafkaConsumer(bootstrap_servers=KAFKA)
    try:
        return {n: len(probe.partitions_for_topic(n) or ()) for n in names}
    finally:
        probe.close()


def test_topics_get_twelve_partitions_unless_configured(topic_prefix, monkeypatch):
    assert DEFAULT_PARTITIONS == 12
    monkeypatch.delenv("KAFKA_TOPIC_PARTITIONS", raising=False)
    ensure_topics(KAFKA, [f"{topic_prefix}a.events"])
    monkeypatch.setenv("KAFKA_TOPIC_PARTITIONS", "5")
    ensure_topics(KAFKA, [f"{topic_prefix}b.events"])
    found = partitions_of([f"{topic_prefix}{n}" for n in ("a.events", "a.events.dlq", "b.events")])
    assert list(found.values()) == [12, 12, 5]


def test_the_topic_command_creates_every_event_topic_and_its_dlq(topic_prefix):
    env = {**os.environ, "KAFKA_BOOTSTRAP": KAFKA, "KAFKA_TOPIC_PREFIX": topic_prefix}
    env["KAFKA_TOPIC_PARTITIONS"] = "4"
    done = subprocess.run(
        [sys.executable, "-m", "shared.messaging.topics"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names = [f"{topic_prefix}{t}{dlq}" for t in ALL_EVENT_TOPICS for dlq in ("", ".dlq")]
    assert set(partitions_of(names).values()) == {4}
