"""The outbox's relay slot, so that several relays share the outbox (shared.outbox.slots).

Revision ID: 0002_relay_slots
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

from shared.outbox import migration_v2

revision = "0002_relay_slots"
down_revision = "0001"
upgrade = migration_v2.add_relay_slots  # the frozen helper every service runs as its 0002
downgrade = migration_v2.drop_relay_slots
