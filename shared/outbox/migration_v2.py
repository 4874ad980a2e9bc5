"""The outbox's relay slot (shared.outbox.slots), for each service's `0002` migration: frozen.

Rows still unpublished get their slot here; the single-relay lease row goes away.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from shared.outbox.slots import slot_of

UNPUBLISHED = sa.text("published_at IS NULL")


def add_relay_slots() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("slot", sa.SmallInteger(), nullable=True))
        batch.create_index(
            "ix_outbox_unpublished_slot",
            ["slot", "id"],
            postgresql_where=UNPUBLISHED,
            sqlite_where=UNPUBLISHED,
        )
    conn = op.get_bind()
    outbox = sa.table("outbox", sa.column("id"), sa.column("key"), sa.column("slot"))
    rows = conn.execute(sa.text("SELECT id, key FROM outbox WHERE published_at IS NULL")).all()
    for row in rows:
        conn.execute(outbox.update().where(outbox.c.id == row.id).values(slot=slot_of(row.key)))
    conn.execute(sa.text("DELETE FROM relay_lease WHERE name = 'outbox'"))


def drop_relay_slots() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_unpublished_slot")
        batch.drop_column("slot")
    op.execute("DELETE FROM relay_lease WHERE name LIKE 'slot:%' OR name LIKE 'relay:%'")
