"""Read what really reached Kafka."""

from __future__ import annotations

import json
import time

from kafka import KafkaConsumer

from tests.support.infra import KAFKA


def read_topic(topic: str, *, expect: int = 1, timeout: float = 20.0, raw: bool = False) -> list:
    """Read a topic from the start until `expect` messages arrived or the time is up."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=KAFKA,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=1000,
    )
    found: list = []
    deadline = time.monotonic() + timeout
    try:
        while len(found) < expect and time.monotonic() < deadline:
            for message in consumer:
                found.append(message if raw else json.loads(message.value))
                if len(found) >= expect:
                    break
    finally:
        consumer.close()
    return found


def wait_until(predicate, timeout: float = 20.0, interval: float = 0.1):
    """Poll until the predicate returns something truthy; return it (or the last falsy value)."""
    deadline = time.monotonic() + timeout
    result = predicate()
    while not result and time.monotonic() < deadline:
        time.sleep(interval)
        result = predicate()
    return result
