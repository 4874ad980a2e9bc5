"""kafka-python clients configured the one way the mall uses them."""

from __future__ import annotations

import time

from kafka import KafkaConsumer, KafkaProducer
from kafka.serializer import Serializer


class Utf8Serializer(Serializer):
    """Encode str as UTF-8 and pass bytes through (keys and JSON values)."""

    def serialize(self, topic, headers, data):
        return data.encode() if isinstance(data, str) else data


def make_producer(bootstrap: str, client_id: str, **overrides: object) -> KafkaProducer:
    """An idempotent producer that waits for all replicas and fails fast when Kafka is down."""
    config = {
        "bootstrap_servers": bootstrap,
        "client_id": client_id,
        "acks": "all",
        "enable_idempotence": True,
        "linger_ms": 5,
        "max_block_ms": 5000,
        "request_timeout_ms": 10000,
        "delivery_timeout_ms": 30000,
        "key_serializer": Utf8Serializer(),
        "value_serializer": Utf8Serializer(),
    }
    config.update(overrides)
    return KafkaProducer(**config)


def make_relay_producer(bootstrap: str, client_id: str, **overrides: object) -> KafkaProducer:
    """The outbox relay's producer. The relay sends a batch of rows, then flushes: records
    wait for that flush, not for `linger_ms`, and leave as one request per broker, not in
    pieces as the sender thread wakes (half the broker's CPU per event, measured)."""
    config: dict[str, object] = {"linger_ms": 1000, "batch_size": 65536}
    config.update(overrides)
    return make_producer(bootstrap, client_id, **config)


def make_consumer(
    bootstrap: str, group_id: str, topics: list[str], **overrides: object
) -> KafkaConsumer:
    """A group consumer that commits offsets only when told to."""
    config = {
        "bootstrap_servers": bootstrap,
        "group_id": group_id,
        "client_id": group_id,
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "max_poll_records": 200,
        # An idle consumer's fetch waits at the broker for up to a second (each empty round
        # trip costs both sides CPU), yet is answered as soon as any event lands. In a rush
        # events arrive in the relay's batches, so fetches carry dozens at a time anyway.
        "fetch_min_bytes": 1,
        "fetch_max_wait_ms": 1000,
        "session_timeout_ms": 10000,
        "heartbeat_interval_ms": 3000,
        # New topics and partitions are noticed within seconds, not the default five minutes.
        "metadata_max_age_ms": 5000,
    }
    config.update(overrides)
    consumer = KafkaConsumer(**config)
    _await_partitions(consumer, topics)
    consumer.subscribe(topics)
    return consumer


def _await_partitions(consumer: KafkaConsumer, topics: list[str], timeout: float = 30.0) -> None:
    """Join only once the topics' partitions are known: a group that joins before then can be
    handed no partitions and sit idle until the next rebalance."""
    deadline = time.monotonic() + timeout
    for topic in topics:
        while not consumer.partitions_for_topic(topic) and time.monotonic() < deadline:
            time.sleep(0.2)
