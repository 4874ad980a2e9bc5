"""The merchant copy takes the shape of shared.merchant_standing: snapshot_at, updated_at.

Revision ID: 0002
Revises: 0002_relay_slots
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0002_relay_slots"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("merchants") as batch:
        batch.alter_column("as_of", new_column_name="snapshot_at")
        batch.alter_column(
            "legal_name",
            type_=sa.String(200),
            existing_type=sa.String(300),
            existing_nullable=False,
        )
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE merchants SET updated_at = snapshot_at")
    with op.batch_alter_table("merchants") as batch:
        batch.alter_column("updated_at", nullable=False, existing_type=sa.DateTime(timezone=True))


def downgrade() -> None:
    with op.batch_alter_table("merchants") as batch:
        batch.drop_column("updated_at")
        batch.alter_column(
            "legal_name",
            type_=sa.String(300),
            existing_type=sa.String(200),
            existing_nullable=False,
        )
        batch.alter_column("snapshot_at", new_column_name="as_of")
