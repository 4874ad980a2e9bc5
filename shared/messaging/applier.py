"""Apply events once: the effect and the processed-event record commit together."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from shared.events.envelope import Event
from shared.logs import event_id_var
from shared.outbox.tables import MessagingTables

logger = logging.getLogger(__name__)

Handler = Callable[[Session, Event], None]


class EventApplier:
    """Run a consumer's handlers for a batch of events in one transaction, each in a savepoint."""

    def __init__(
        self,
        name: str,
        session_factory: sessionmaker[Session],
        tables: MessagingTables,
        handlers: dict[str, Handler],
    ) -> None:
        self.name = name
        self.session_factory = session_factory
        self.tables = tables
        self.handlers = handlers

    def apply(self, events: list[Event]) -> dict[str, Exception | str]:
        """Apply each event; return its outcome: 'applied', 'duplicate', 'ignored' or the error."""
        try:
            return self._apply_together(events)
        except Exception:  # noqa: BLE001 - find the culprit one event at a time
            return self._apply_each(events)

    def _unseen(self, session: Session, events: list[Event]) -> tuple[list[Event], dict]:
        processed = self.tables.processed_events
        seen = set(
            session.execute(
                select(processed.c.event_id).where(
                    processed.c.consumer == self.name,
                    processed.c.event_id.in_([e.id for e in events]),
                )
            ).scalars()
        )
        outcomes: dict[str, Exception | str] = {}
        fresh = []
        for event in events:
            if event.id in seen:
                outcomes[event.id] = "duplicate"
            else:
                seen.add(event.id)  # the same event twice in one batch
                fresh.append(event)
        return fresh, outcomes

    def _apply_together(self, events: list[Event]) -> dict[str, Exception | str]:
        """Fast path: the whole batch in one transaction, with no savepoints."""
        with self.session_factory() as session, session.begin():
            fresh, outcomes = self._unseen(session, events)
            for event in fresh:
                handler = self.handlers.get(event.type)
                token = event_id_var.set(event.id)
                try:
                    if handler is not None:
                        handler(session, event)
                finally:
                    event_id_var.reset(token)
                outcomes[event.id] = "applied" if handler is not None else "ignored"
            if fresh:
                now = datetime.now(UTC)
                session.execute(
                    self.tables.processed_events.insert(),
                    [{"consumer": self.name, "event_id": e.id, "processed_at": now} for e in fresh],
                )
        return outcomes

    def _apply_each(self, events: list[Event]) -> dict[str, Exception | str]:
        """Slow path: one savepoint per event, so one failure spoils nothing else."""
        with self.session_factory() as session, session.begin():
            fresh, outcomes = self._unseen(session, events)
            for event in fresh:
                outcomes[event.id] = self._apply_one(session, event)
        return outcomes

    def _apply_one(self, session: Session, event: Event) -> Exception | str:
        handler = self.handlers.get(event.type)
        token = event_id_var.set(event.id)
        try:
            with session.begin_nested():
                if handler is not None:
                    handler(session, event)
                session.execute(
                    self.tables.processed_events.insert().values(
                        consumer=self.name, event_id=event.id, processed_at=datetime.now(UTC)
                    )
                )
            return "applied" if handler is not None else "ignored"
        except Exception as err:  # noqa: BLE001 - the runner decides on retry or dead letter
            logger.warning("handler failed for %s: %s", event.type, err)
            return err
        finally:
            event_id_var.reset(token)


def replay_dead_letter(applier: EventApplier, dead_letter_id: int) -> str:
    """Apply a parked event again (after a fix); return 'applied', 'duplicate' or 'ignored'."""
    from shared.events.envelope import parse_event  # local: keeps this module's imports light

    table = applier.tables.dead_letters
    with applier.session_factory() as session:
        row = session.execute(
            select(table).where(table.c.id == dead_letter_id, table.c.consumer == applier.name)
        ).first()
    if row is None:
        raise LookupError(f"no dead letter {dead_letter_id} for {applier.name}")
    event = parse_event(row.payload)  # InvalidEvent: a poison message cannot be replayed
    outcome = applier.apply([event])[event.id]
    if isinstance(outcome, Exception):
        raise outcome
    with applier.session_factory() as session, session.begin():
        session.execute(
            table.update().where(table.c.id == dead_letter_id).values(replayed_at=datetime.now(UTC))
        )
    return outcome
