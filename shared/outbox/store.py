"""Add events to the outbox inside the caller's transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Table
from sqlalchemy.orm import Session

from shared.events.envelope import Event
from shared.outbox.slots import slot_of
from shared.staged_inserts import insert_row


def add_event(session: Session, outbox: Table, topic: str, event: Event) -> None:
    """Stage an event; it is published only if the surrounding transaction commits."""
    # Values as parameters, not .values(): the compiled INSERT is cached and reused.
    insert_row(
        session,
        outbox,
        {
            "event_id": event.id,
            "topic": topic,
            "key": event.aggregate_id,
            "slot": slot_of(event.aggregate_id),
            "event_type": event.type,
            "payload": event.to_json(),
            "created_at": datetime.now(UTC),
        },
    )
