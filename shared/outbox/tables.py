"""Tables every service's database carries for reliable messaging."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from shared.db_types import UtcDateTime

# SQLite only auto-increments a plain INTEGER primary key.
_BigId = BigInteger().with_variant(Integer(), "sqlite")


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
        Column("id", _BigId, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("topic", String(200), nullable=False),
        Column("key", String(100), nullable=False),
        Column("event_type", String(100), nullable=False),
        Column("payload", Text, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Column("published_at", UtcDateTime, nullable=True, index=True),
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
        Column("consumer", String(100), nullable=False),
        Column("event_id", String(36), nullable=False),
        Column("processed_at", UtcDateTime, nullable=False),
        PrimaryKeyConstraint("consumer", "event_id"),
    )
    dead = Table(
        "dead_letters",
        metadata,
        Column("id", _BigId, primary_key=True, autoincrement=True),
        Column("consumer", String(100), nullable=False),
        Column("topic", String(200), nullable=False),
        Column("partition", Integer, nullable=False),
        Column("offset", BigInteger, nullable=False),
        Column("key", String(200), nullable=True),
        Column("payload", Text, nullable=False),
        Column("error", Text, nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Column("replayed_at", UtcDateTime, nullable=True),
        UniqueConstraint("consumer", "topic", "partition", "offset", name="uq_dead_letter_source"),
    )
    lease = Table(
        "relay_lease",
        metadata,
        Column("name", String(50), primary_key=True),
        Column("holder", String(100), nullable=True),
        Column("expires_at", UtcDateTime, nullable=True),
    )
    return MessagingTables(outbox, processed, dead, lease)
