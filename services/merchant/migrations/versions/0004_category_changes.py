"""Category changes a merchant asks for wait for ops' review.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 14:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "category_changes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("merchant_id", sa.String(length=36), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["merchant_id"], ["merchants.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("category_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_category_changes_queue", ["status", "requested_at", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_category_changes_merchant_id"), ["merchant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("category_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_category_changes_merchant_id"))
        batch_op.drop_index("ix_category_changes_queue")
    op.drop_table("category_changes")
