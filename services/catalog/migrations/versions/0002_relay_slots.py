"""The outbox's relay slot, so that several relays share the outbox (shared.outbox.slots).

Revision ID: 0002_relay_slots
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

from shared.outbox.migration_v2 import add_relay_slots, drop_relay_slots

revision = "0002_relay_slots"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_relay_slots()


def downgrade() -> None:
    drop_relay_slots()
