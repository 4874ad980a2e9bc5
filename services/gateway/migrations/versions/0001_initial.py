"""The cache consumer's processed events and dead letters (plus the shared outbox tables)."""

from __future__ import annotations

from shared.outbox import migration_v1

revision = "0001"
down_revision = None
upgrade = migration_v1.create_messaging_tables  # the gateway has only the messaging tables
downgrade = migration_v1.drop_messaging_tables
