"""Topic names and their creation."""

from __future__ import annotations

import logging

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

logger = logging.getLogger(__name__)

MERCHANT_EVENTS = "merchant.events"
CATALOG_EVENTS = "catalog.events"
VOUCHER_EVENTS = "voucher.events"
ALL_EVENT_TOPICS = (MERCHANT_EVENTS, CATALOG_EVENTS, VOUCHER_EVENTS)
PARTITIONS = 3


def dlq_topic(topic: str) -> str:
    return f"{topic}.dlq"


def ensure_topics(
    bootstrap: str, names: list[str] | tuple[str, ...], partitions: int = PARTITIONS
) -> None:
    """Create the topics (and their dead-letter topics) that do not exist yet."""
    wanted = set(names) | {dlq_topic(n) for n in names if not n.endswith(".dlq")}
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="mall-admin")
    try:
        missing = sorted(wanted - set(admin.list_topics()))
        for name in missing:
            try:
                admin.create_topics(
                    [NewTopic(name, num_partitions=partitions, replication_factor=1)]
                )
                logger.info("created topic %s", name)
            except TopicAlreadyExistsError:
                pass
    finally:
        admin.close()
