"""Topic names and their creation (`python -m shared.messaging.topics` creates the mall's)."""

from __future__ import annotations

import logging
import os
import sys
import time

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

logger = logging.getLogger(__name__)

MERCHANT_EVENTS = "merchant.events"
CATALOG_EVENTS = "catalog.events"
VOUCHER_EVENTS = "voucher.events"
ALL_EVENT_TOPICS = (MERCHANT_EVENTS, CATALOG_EVENTS, VOUCHER_EVENTS)
# Partitions bound how many consumers of one group work at once: 12 leaves room to grow to
# 12 worker replicas (or 2, 3, 4, 6) without re-keying. Kafka can add partitions later, but
# that moves keys to new partitions, so per-aggregate order is only safe across it once drained.
DEFAULT_PARTITIONS = 12


def partition_count() -> int:
    """KAFKA_TOPIC_PARTITIONS, default 12."""
    return int(os.environ.get("KAFKA_TOPIC_PARTITIONS", DEFAULT_PARTITIONS))


def replication_factor() -> int:
    """KAFKA_REPLICATION_FACTOR, default 1 (one broker); 3 on a production cluster."""
    return int(os.environ.get("KAFKA_REPLICATION_FACTOR", "1"))


def dlq_topic(topic: str) -> str:
    return f"{topic}.dlq"


def ensure_topics(
    bootstrap: str,
    names: list[str] | tuple[str, ...],
    partitions: int | None = None,
    replication: int | None = None,
) -> None:
    """Create the topics (and their dead-letter topics) that do not exist yet."""
    count = partitions or partition_count()
    factor = replication or replication_factor()
    wanted = set(names) | {dlq_topic(n) for n in names if not n.endswith(".dlq")}
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="mall-admin")
    try:
        missing = sorted(wanted - set(admin.list_topics()))
        for name in missing:
            try:
                admin.create_topics(
                    [NewTopic(name, num_partitions=count, replication_factor=factor)]
                )
                logger.info("created topic %s (%d partitions)", name, count)
            except TopicAlreadyExistsError:
                pass
    finally:
        admin.close()


def await_metadata(bootstrap: str, names: list[str], timeout: float = 30.0) -> None:
    """Wait until every topic's partitions are in Kafka's metadata: consumers that join before
    then start with no partitions."""
    probe, deadline = KafkaConsumer(bootstrap_servers=bootstrap), time.monotonic() + timeout
    try:
        while not all(probe.partitions_for_topic(n) for n in names):
            if time.monotonic() > deadline:
                raise TimeoutError("the topics did not show up in Kafka's metadata in time")
            time.sleep(0.5)
    finally:
        probe.close()


def main() -> int:
    """Create the mall's event topics and dead-letter topics (deploy scripts, compose, k8s Job)."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    names = [os.environ.get("KAFKA_TOPIC_PREFIX", "") + t for t in ALL_EVENT_TOPICS]
    ensure_topics(bootstrap, names)
    await_metadata(bootstrap, names + [dlq_topic(n) for n in names])
    print(f"topics ready: {', '.join(names)} and their .dlq ({partition_count()} partitions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
