"""A credit code is taken at approval only: waiting applications no longer hold it.

Revision ID: 0002
Revises: 0002_relay_slots
Create Date: 2026-11-30 14:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0002_relay_slots"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "DELETE FROM credit_code_claims WHERE application_id NOT IN "
        "(SELECT id FROM merchant_applications WHERE status = 'approved')"
    )


def downgrade() -> None:
    # Waiting applications hold their codes again (the oldest one, should several share one).
    op.execute(
        "INSERT INTO credit_code_claims (credit_code, application_id, claimed_at) "
        "SELECT a.credit_code, a.id, a.submitted_at FROM merchant_applications a "
        "WHERE a.status IN ('submitted', 'returned') AND NOT EXISTS "
        "(SELECT 1 FROM credit_code_claims c WHERE c.credit_code = a.credit_code) "
        "AND a.id = (SELECT b.id FROM merchant_applications b WHERE b.credit_code = a.credit_code "
        "AND b.status IN ('submitted', 'returned') ORDER BY b.submitted_at, b.id LIMIT 1)"
    )
