"""The gateway's cache consumer: domain events make cached public reads stale."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

import shared.events  # noqa: F401 - registers every event contract
from services.gateway.response_cache import EVENT_NAMESPACES, ResponseCache
from shared.events.envelope import Event
from shared.events.registry import known_types
from shared.messaging.applier import Handler
from shared.messaging.topics import ALL_EVENT_TOPICS

logger = logging.getLogger(__name__)

CONSUMER = "gateway-cache"
TOPICS = list(ALL_EVENT_TOPICS)


def handlers(cache: ResponseCache) -> dict[str, Handler]:
    """Map each event type that touches a cached family to a handler bumping its namespaces."""

    def bump(_session: Session, event: Event) -> None:
        # Idempotent in effect: a second bump only costs one more cache miss.
        namespaces = cache.invalidate_for(event.type)
        logger.info("cache invalidated by %s: %s", event.type, ", ".join(namespaces))

    return {
        event_type: bump
        for event_type in known_types()
        if event_type.split(".", 1)[0] in EVENT_NAMESPACES
    }
