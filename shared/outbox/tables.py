"""Tables every service's database carries for reliable messaging."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    Table,
    UniqueConstraint,
    text,
)

from shared.db_columns import big_id, key, long_text, maybe, moment, string, whole


@dataclass(frozen=True)
class MessagingTables:
    outbox: Table
    processed_events: Table
    dead_letters: Table
    relay_lease: Table


def service_metadata() -> tuple[MetaData, MessagingTables]:
    """A service's MetaData, already holding the messaging tables (`metadata, messaging = ...`)."""
    metadata = MetaData()
    return metadata, define_messaging_tables(metadata)


def define_messaging_tables(metadata: MetaData) -> MessagingTables:
    """Add the outbox, processed-events, dead-letter and relay-lease tables to a service's metadata."""
    outbox = Table(
        "outbox",
        metadata,
        big_id(),
        string("event_id", 36, unique=True),
        string("topic", 200),
        string("key", 100),
        string("event_type", 100),
        long_text("payload"),
        moment("created_at"),
        maybe(moment("published_at", index=True)),
        # shared.outbox.slots: which relay publishes the row (migration_v2 added it)
        Column("slot", SmallInteger, nullable=True),
        Index(
            "ix_outbox_unpublished_slot",
            "slot",
            "id",
            postgresql_where=text("published_at IS NULL"),
            sqlite_where=text("published_at IS NULL"),
        ),
        implicit_returning=False,  # nobody reads a new row's id: no RETURNING per event
    )
    processed = Table(
        "processed_events",
        metadata,
        string("consumer", 100),
        string("event_id", 36),
        moment("processed_at"),
        PrimaryKeyConstraint("consumer", "event_id"),
    )
    dead = Table(
        "dead_letters",
        metadata,
        big_id(),
        string("consumer", 100),
        string("topic", 200),
        whole("partition"),
        Column("offset", BigInteger, nullable=False),
        maybe(string("key", 200)),
        long_text("payload"),
        long_text("error"),
        moment("created_at"),
        maybe(moment("replayed_at")),
        UniqueConstraint("consumer", "topic", "partition", "offset", name="uq_dead_letter_source"),
    )
    lease = Table(
        "relay_lease",
        metadata,
        key("name", 50),
        maybe(string("holder", 100)),
        maybe(moment("expires_at")),
    )
    return MessagingTables(outbox, processed, dead, lease)
