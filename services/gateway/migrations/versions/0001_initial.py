"""The cache consumer's processed events and dead letters (plus the shared outbox tables).

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from shared.outbox.migration_v1 import create_messaging_tables, drop_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()


def downgrade() -> None:
    drop_messaging_tables()
