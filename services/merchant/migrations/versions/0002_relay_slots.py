"""The outbox's relay slot, so that several relays share the outbox (shared.outbox.slots)."""

from __future__ import annotations

from shared.outbox import migration_v2

# Every service runs the same frozen helper as the revision after its 0001.
revision = "0002_relay_slots"
down_revision = "0001"
upgrade = migration_v2.add_relay_slots
downgrade = migration_v2.drop_relay_slots
