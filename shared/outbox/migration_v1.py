"""The messaging tables as their first migration created them: frozen, for `0001` migrations.

Never edit this: a later change to `shared.outbox.tables` gets a new migration of its own
in each service, so that databases built before it are brought along.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

TABLES = ("relay_lease", "dead_letters", "processed_events", "outbox")  # in dropping order


def _when(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def create_messaging_tables() -> None:
    """The outbox, processed-events, dead-letter and relay-lease tables of shared.outbox."""
    big_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "outbox",
        sa.Column("id", big_id, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("event_type", sa.String(100), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        _when("created_at"),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True, index=True),
    )
    op.create_table(
        "processed_events",
        sa.Column("consumer", sa.String(100), primary_key=True),
        sa.Column("event_id", sa.String(36), primary_key=True),
        _when("processed_at"),
    )
    op.create_table(
        "dead_letters",
        sa.Column("id", big_id, primary_key=True, autoincrement=True),
        sa.Column("consumer", sa.String(100), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("partition", sa.Integer, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("key", sa.String(200), nullable=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        _when("created_at"),
        sa.Column("replayed_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint(
            "consumer", "topic", "partition", "offset", name="uq_dead_letter_source"
        ),
    )
    op.create_table(
        "relay_lease",
        sa.Column("name", sa.String(50), primary_key=True),
        sa.Column("holder", sa.String(100), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
    )


def drop_messaging_tables() -> None:
    for table in TABLES:
        op.drop_table(table)
