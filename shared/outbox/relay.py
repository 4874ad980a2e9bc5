"""Publish outbox rows to Kafka, in order, keyed by aggregate id, retrying while Kafka is down."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from kafka import KafkaProducer
from kafka.errors import KafkaError
from sqlalchemy import BigInteger, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.dml import Update
from tenacity import Retrying, retry_if_exception_type, wait_exponential

from shared.metrics import OUTBOX_BACKLOG, OUTBOX_PUBLISHED
from shared.outbox.slots import SLOTS, SlotLeases, adopt_unslotted
from shared.outbox.tables import MessagingTables

logger = logging.getLogger(__name__)

# An idle relay polls less and less often, down to this: the longest an event written after a
# quiet spell waits in the outbox (about half a second, of the second it has to reach consumers).
IDLE_INTERVAL = 0.5
# Bookkeeping that need not run on every poll: the backlog gauge and adopting rows without a slot.
CHORES_EVERY = 5.0


class OutboxRelay:
    """Publishes the outbox slots it leases (shared.outbox.slots): relays share the work and
    each aggregate's events go out in order through the one relay holding its slot."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        tables: MessagingTables,
        producer_factory: Callable[[], KafkaProducer],
        *,
        service: str,
        batch_size: int = 500,
        lease_seconds: float = 30.0,
        max_backoff: float = 10.0,
        send_timeout: float = 30.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._factory = session_factory
        self._t = tables
        self._producer_factory = producer_factory
        self._producer: KafkaProducer | None = None
        self.service = service
        self.batch_size = batch_size
        self.lease = timedelta(seconds=lease_seconds)
        self.max_backoff = max_backoff
        self.send_timeout = send_timeout
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.clock = clock  # tests move it instead of sleeping out a lease
        self.slots = SlotLeases(
            session_factory, tables.relay_lease, self.holder, self.lease, clock=clock
        )
        self._next_adopt = 0.0  # monotonic
        self._next_backlog = 0.0
        self._marks: dict[str, Update] = {}  # dialect -> the UPDATE marking rows published

    def _get_producer(self) -> KafkaProducer:
        if self._producer is None:
            self._producer = self._producer_factory()
        return self._producer

    def _drop_producer(self) -> None:
        if self._producer is not None:
            try:
                self._producer.close(timeout=1)
            except Exception:  # already failing; just let it go
                logger.debug("producer close failed", exc_info=True)
            self._producer = None

    def backlog(self) -> int:
        outbox = self._t.outbox
        with self._factory() as session:
            n = session.execute(
                select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            ).scalar_one()
        OUTBOX_BACKLOG.labels(self.service).set(n)
        return n

    def publish_batch(self) -> int:
        """Publish the oldest unpublished rows; return how many were confirmed by Kafka."""
        held = self.slots.usable()
        if not held:
            return 0
        outbox = self._t.outbox
        query = (
            select(outbox.c.id, outbox.c.topic, outbox.c.key, outbox.c.payload)
            .where(outbox.c.published_at.is_(None))
            .order_by(outbox.c.id)
            .limit(self.batch_size)
        )
        if len(held) < SLOTS:
            query = query.where(outbox.c.slot.in_(held))
        if 0 in held and time.monotonic() >= self._next_adopt:
            adopt_unslotted(self._factory, outbox)
            self._next_adopt = time.monotonic() + CHORES_EVERY
        with self._factory() as session:
            rows = session.execute(query).all()
        if not rows:
            return 0
        try:
            producer = self._get_producer()
            futures = [(r.id, producer.send(r.topic, key=r.key, value=r.payload)) for r in rows]
            producer.flush(timeout=self.send_timeout)
        except KafkaError:
            self._drop_producer()
            raise
        confirmed: list[int] = []
        failure: Exception | None = None
        for row_id, future in futures:
            try:
                future.get(timeout=self.send_timeout)
            except KafkaError as err:
                failure = err
                break  # later rows wait, so that per-aggregate order holds
            confirmed.append(row_id)
        if confirmed:
            self._mark_published(confirmed)
        if failure is not None:
            self._drop_producer()
            raise failure
        return len(confirmed)

    def _mark_published(self, ids: list[int]) -> None:
        with self._factory() as session, session.begin():
            dialect = session.get_bind().dialect.name
            if dialect not in self._marks:
                self._marks[dialect] = self._marking(dialect)
            session.execute(self._marks[dialect], {"ids": ids, "now": datetime.now(UTC)})
        OUTBOX_PUBLISHED.labels(self.service).inc(len(ids))

    def _marking(self, dialect: str) -> Update:
        """The UPDATE that marks rows published. On PostgreSQL the ids go as one array, so
        the statement is the same text for every batch (an IN list of 100 ids costs the
        relay twice the CPU: a placeholder per id, rendered and parsed on every batch)."""
        outbox = self._t.outbox
        if dialect == "postgresql":
            rows = outbox.c.id == any_(bindparam("ids", type_=ARRAY(BigInteger)))
        else:
            rows = outbox.c.id.in_(bindparam("ids", expanding=True))
        return outbox.update().where(rows).values(published_at=bindparam("now"))

    def drain(self) -> int:
        """Publish until the outbox is empty (tests, ops command)."""
        total = 0
        while n := self.publish_batch():
            total += n
        return total

    def run(self, stop: threading.Event, interval: float = 0.2) -> None:
        """Publish until stopped: a full batch is followed at once by the next, a part-full one
        after `interval`; polls that find nothing space out to IDLE_INTERVAL. Kafka being
        unreachable backs off exponentially."""
        retrying = Retrying(
            retry=retry_if_exception_type(KafkaError),
            wait=wait_exponential(multiplier=0.2, max=self.max_backoff),
            sleep=stop.wait,
            stop=lambda _state: stop.is_set(),
            before_sleep=lambda s: logger.warning(
                "outbox relay cannot reach Kafka, retrying", extra={"attempt": s.attempt_number}
            ),
            reraise=True,
        )
        wait = interval
        while not stop.is_set():
            try:
                published = retrying(self.publish_batch)
            except KafkaError:
                continue  # only when stopping mid-retry
            except Exception:  # a database hiccup must not kill the relay
                logger.exception("outbox relay failed; retrying")
                stop.wait(1.0)
                continue
            if published >= self.batch_size:
                continue
            if time.monotonic() >= self._next_backlog:
                self.backlog()
                self._next_backlog = time.monotonic() + CHORES_EVERY
            wait = interval if published else min(wait * 2, max(IDLE_INTERVAL, interval))
            stop.wait(wait)
        self._drop_producer()
        try:
            self.slots.release()
        except Exception:  # the leases lapse by themselves
            logger.warning("outbox relay could not hand back its slots", exc_info=True)
