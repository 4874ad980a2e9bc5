"""Consumer runner: apply once, commit offsets after, dead-letter what cannot be handled."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from kafka import KafkaConsumer, KafkaProducer
from kafka.errors import CommitFailedError, RebalanceInProgressError
from kafka.structs import TopicPartition
from sqlalchemy.exc import IntegrityError

from shared.events.envelope import Event, InvalidEvent, parse_event
from shared.events.registry import latest_version
from shared.messaging.applier import EventApplier
from shared.messaging.offsets import PendingOffsets
from shared.messaging.topics import dlq_topic
from shared.messaging.transient import TransientFailure, is_transient
from shared.metrics import (
    CONSUMER_LAG,
    CONSUMER_PARKED_AFTER_WAIT,
    CONSUMER_WAITING,
    EVENTS_CONSUMED,
)

logger = logging.getLogger(__name__)

# The envelope as producers write it (`Event.to_json`) starts with its id and type: enough to
# pass over an event this consumer has no handler for without decoding or recording it.
_ENVELOPE_TYPE = re.compile(rb'\{"id":\s*"[^"]*",\s*"type":\s*"([^"]+)"')


class ConsumerRunner:
    """Poll, apply each partition's batch, dead-letter poison after bounded retries, commit.

    A failure that is an outage (`transient.py`) is not poison: the batch is read again
    until it applies, so nothing is parked for lack of a database or Redis. Its partition
    waits at most `max_wait` seconds for one batch, though: a failure misjudged as an outage
    must not stall it forever. Then the batch's failures are parked like poison and counted
    on `consumer_parked_after_wait_total` (alert on it; replay once the cause is found).
    """

    def __init__(
        self,
        applier: EventApplier,
        consumer_factory: Callable[[], KafkaConsumer],
        producer_factory: Callable[[], KafkaProducer],
        *,
        max_attempts: int = 3,
        retry_delay: float = 0.1,
        max_wait: float = 900.0,
        commit_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.applier = applier
        self._consumer_factory = consumer_factory
        self._producer_factory = producer_factory
        self._consumer: KafkaConsumer | None = None
        self._producer: KafkaProducer | None = None
        self.max_attempts = max_attempts
        self.retry_delay = retry_delay
        self.max_wait = max_wait
        self.clock = clock
        self._waiting: dict[TopicPartition, tuple[int, float]] = {}  # -> (offset, since)
        self._offsets = PendingOffsets(commit_interval, clock)

    @property
    def consumer(self) -> KafkaConsumer:
        if self._consumer is None:
            self._consumer = self._consumer_factory()
        return self._consumer

    def poll_once(self, timeout_ms: int = 1000) -> int:
        """Handle one poll's worth of messages; return how many were handled."""
        batch = list(self.consumer.poll(timeout_ms=timeout_ms).items())
        handled = 0
        for i, (tp, messages) in enumerate(batch):
            try:
                effect = self._handle_partition(tp, messages)
            except Exception:
                self._read_again(batch[i:])
                self._commit(quietly=True)  # the partitions handled before stay handled
                raise
            handled += len(messages)
            next_offset = messages[-1].offset + 1
            self._offsets.handled(tp, next_offset, effect)
            self._report_lag(tp, next_offset)
        if self._offsets.due():
            self._commit()
        return handled

    def _commit(self, quietly: bool = False) -> None:
        """Commit the handled offsets, every partition in one request."""
        offsets = self._offsets.take(self.consumer.assignment())
        if not offsets:
            return
        try:
            self.consumer.commit(offsets)
        except (CommitFailedError, RebalanceInProgressError) as err:
            # The partitions move to another member, which reads these again: each effect is
            # recorded with its event id, so a second reading changes nothing.
            logger.info("consumer %s could not commit: %s", self.applier.name, err)
        except Exception:
            if not quietly:
                raise
            logger.warning("consumer %s could not commit", self.applier.name, exc_info=True)

    def _read_again(self, batches: list[tuple[TopicPartition, list]]) -> None:
        """Rewind to these batches: the failed one and those of the same poll not reached yet.

        The poll has already moved every partition past what it returned, so a partition that
        is not rewound would lose its batch (the next commit would go past it).
        """
        assigned = self.consumer.assignment()
        for tp, messages in batches:
            if tp in assigned:  # a revoked one is read by its new owner from the commit
                self.consumer.seek(tp, messages[0].offset)
        if len(batches) > 1:
            logger.info(
                "consumer %s reads again %d events of %d more partitions of the poll",
                self.applier.name, sum(len(m) for _, m in batches[1:]), len(batches) - 1,
            )  # fmt: skip

    def _handle_partition(self, tp: TopicPartition, messages: list) -> bool:
        """Apply a partition's batch; return whether any of it was more than passed over."""
        pending: list[tuple[object, Event]] = []
        skipped = 0
        for message in messages:
            if self._ignored(message.value):
                skipped += 1
                continue
            try:
                pending.append((message, parse_event(message.value)))
            except InvalidEvent as err:
                self._dead_letter(message, err)
        if skipped:
            EVENTS_CONSUMED.labels(self.applier.name, "skipped").inc(skipped)
        errors: dict[str, Exception] = {}
        for attempt in range(1, self.max_attempts + 1):
            if not pending:
                break
            outcomes = self.applier.apply([event for _, event in pending])
            for outcome in outcomes.values():
                if not isinstance(outcome, Exception):
                    EVENTS_CONSUMED.labels(self.applier.name, outcome).inc()
            errors = {k: v for k, v in outcomes.items() if isinstance(v, Exception)}
            pending = [(m, e) for m, e in pending if e.id in errors]
            if pending and attempt < self.max_attempts:
                time.sleep(self.retry_delay * attempt)
        waiting = [errors[e.id] for _, e in pending if is_transient(errors[e.id])]
        if waiting and self._still_waiting(tp, messages[0].offset):
            # an outage, not poison: apply once it is over, in order
            raise TransientFailure(f"{len(waiting)} events wait for: {waiting[0]}")
        if waiting:
            logger.error(
                "consumer %s gives up waiting on %s after %.0f s: %s",
                self.applier.name, tp, self.max_wait, waiting[0],
            )  # fmt: skip
            CONSUMER_PARKED_AFTER_WAIT.labels(self.applier.name).inc(len(waiting))
        self._waiting.pop(tp, None)
        CONSUMER_WAITING.labels(self.applier.name).set(0)
        for message, event in pending:
            self._dead_letter(message, errors[event.id])
        return skipped < len(messages)

    def _still_waiting(self, tp: TopicPartition, offset: int) -> bool:
        """Whether the batch at `offset` may wait longer for an outage to end."""
        now = self.clock()
        start, since = self._waiting.get(tp, (None, now))
        if start != offset:
            since = now
            self._waiting[tp] = (offset, since)
        CONSUMER_WAITING.labels(self.applier.name).set(now - since)
        return now - since < self.max_wait

    def _ignored(self, raw: bytes | None) -> bool:
        """A well-known event type this consumer has no handler for: it has no effect here.

        Anything else (another shape, an unknown type) is parsed in full, so poison is still
        dead-lettered; events with a handler keep their processed-event record.
        """
        found = _ENVELOPE_TYPE.match(raw or b"")
        if found is None:
            return False
        event_type = found.group(1).decode("utf-8", "replace")
        return event_type not in self.applier.handlers and latest_version(event_type) is not None

    def _dead_letter(self, message, error: Exception) -> None:
        """Park a message on `<topic>.dlq` and in the dead-letter table, with its error."""
        text = f"{type(error).__name__}: {error}"[:4000]
        logger.error(
            "dead-lettering %s[%s]@%s: %s", message.topic, message.partition, message.offset, text
        )
        if self._producer is None:
            self._producer = self._producer_factory()
        headers = [
            ("error", text.encode()),
            ("consumer", self.applier.name.encode()),
            ("source_topic", message.topic.encode()),
            ("source_partition", str(message.partition).encode()),
            ("source_offset", str(message.offset).encode()),
        ]
        self._producer.send(
            dlq_topic(message.topic), key=message.key, value=message.value, headers=headers
        ).get(timeout=30)
        tables = self.applier.tables
        raw = message.value.decode("utf-8", "replace") if message.value else ""
        try:
            with self.applier.session_factory() as session, session.begin():
                session.execute(
                    tables.dead_letters.insert().values(
                        consumer=self.applier.name,
                        topic=message.topic,
                        partition=message.partition,
                        offset=message.offset,
                        key=message.key.decode("utf-8", "replace") if message.key else None,
                        payload=raw,
                        error=text,
                        created_at=datetime.now(UTC),
                    )
                )
        except IntegrityError:
            pass  # already parked on an earlier delivery
        EVENTS_CONSUMED.labels(self.applier.name, "dead_lettered").inc()

    def _report_lag(self, tp: TopicPartition, next_offset: int) -> None:
        high = self.consumer.highwater(tp)  # from the last fetch: no round trip
        if high is not None:
            CONSUMER_LAG.labels(self.applier.name, tp.topic).set(max(0, high - next_offset))

    def run(self, stop: threading.Event) -> None:
        """Consume until stopped (SIGTERM sets the event in the worker)."""
        while not stop.is_set():
            try:
                self.poll_once()
            except TransientFailure as err:  # the batch is re-read
                logger.warning("consumer %s waits: %s", self.applier.name, err)
                stop.wait(1.0)
            except Exception:  # keep consuming; the batch is re-read
                logger.exception("consumer %s failed; retrying", self.applier.name)
                stop.wait(1.0)
        self.close()

    def close(self) -> None:
        if self._consumer is not None:
            self._commit(quietly=True)
            self._consumer.close()
            self._consumer = None
        if self._producer is not None:
            self._producer.close(timeout=5)
            self._producer = None
