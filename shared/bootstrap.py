"""Build a service's clients once (in create_app or the worker), never at import time."""

from __future__ import annotations

from dataclasses import dataclass

from redis import Redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from shared.config import Settings
from shared.db import make_engine, make_session_factory
from shared.events.envelope import new_event
from shared.logs import request_id_var
from shared.messaging.applier import EventApplier, Handler
from shared.messaging.consumer import ConsumerRunner
from shared.messaging.kafka import make_consumer, make_producer, make_relay_producer
from shared.messaging.topics import ensure_topics
from shared.outbox.relay import OutboxRelay
from shared.outbox.store import add_event
from shared.outbox.tables import MessagingTables
from shared.redis_connect import connect
from shared.web.health import Check, kafka_check


@dataclass
class Infra:
    """A service's engine, sessions, Redis and messaging, built from its settings."""

    settings: Settings
    tables: MessagingTables
    engine: Engine
    session_factory: sessionmaker[Session]
    redis: Redis

    def record_event(
        self, session: Session, topic: str, event_type: str, aggregate_id: str, data: dict
    ) -> None:
        """Stage an event in the outbox, in the caller's transaction."""
        event = new_event(
            event_type,
            aggregate_id,
            data,
            producer=self.settings.service,
            request_id=request_id_var.get(),
        )
        add_event(session, self.tables.outbox, self.settings.topic(topic), event)

    def relay(self, **kwargs: object) -> OutboxRelay:
        s = self.settings
        return OutboxRelay(
            self.session_factory,
            self.tables,
            lambda: make_relay_producer(s.kafka_bootstrap, f"{s.service}-relay"),
            service=s.service,
            **kwargs,
        )

    def applier(self, consumer_name: str, handlers: dict[str, Handler]) -> EventApplier:
        return EventApplier(consumer_name, self.session_factory, self.tables, handlers)

    def consumer(
        self,
        consumer_name: str,
        topics: list[str],
        handlers: dict[str, Handler],
        group_id: str | None = None,
        **overrides: object,
    ) -> ConsumerRunner:
        """A runner for `topics` (unprefixed names), by default in group `<prefix><consumer_name>`."""
        s = self.settings
        names = [s.topic(t) for t in topics]
        group = group_id or s.topic(consumer_name)
        return ConsumerRunner(
            self.applier(consumer_name, handlers),
            lambda: make_consumer(s.kafka_bootstrap, group, names, **overrides),
            lambda: make_producer(s.kafka_bootstrap, f"{consumer_name}-dlq"),
            max_attempts=s.consumer_max_attempts,
            max_wait=s.consumer_max_wait,
        )

    def ensure_topics(self, topics: list[str]) -> None:
        ensure_topics(self.settings.kafka_bootstrap, [self.settings.topic(t) for t in topics])

    def checks(self) -> dict[str, Check]:
        def database() -> None:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")

        return {
            "database": database,
            "redis": lambda: self.redis.ping(),
            "kafka": kafka_check(self.settings.kafka_bootstrap),
        }


def build_infra(settings: Settings, tables: MessagingTables, redis: Redis | None = None) -> Infra:
    engine = make_engine(settings.database_url)
    return Infra(
        settings=settings,
        tables=tables,
        engine=engine,
        session_factory=make_session_factory(engine),
        redis=redis
        or connect(
            settings.redis_url,
            socket_timeout=2,
            socket_connect_timeout=1,
            health_check_interval=30,
        ),
    )
