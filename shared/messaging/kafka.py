"""kafka-python clients configured the one way the mall uses them."""

from __future__ import annotations

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
        "session_timeout_ms": 10000,
        "heartbeat_interval_ms": 3000,
    }
    config.update(overrides)
    consumer = KafkaConsumer(**config)
    consumer.subscribe(topics)
    return consumer
