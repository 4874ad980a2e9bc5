"""Indexes shaped like the queries that use them, and redemptions tied to their campaign.

- campaigns: (status, claim_ends_at) serves the open-campaign list and every status lookup;
- redemptions: (member_id | merchant_id, redeemed_at, id) serves history pages newest first;
- redemptions.campaign_id refers to campaigns.id, as vouchers.campaign_id already does.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FK = "fk_redemptions_campaign"


def upgrade() -> None:
    op.drop_index("ix_campaigns_status", "campaigns")
    op.create_index("ix_campaigns_open", "campaigns", ["status", "claim_ends_at"])
    op.drop_index("ix_redemptions_member_id", "redemptions")
    op.drop_index("ix_redemptions_merchant_id", "redemptions")
    with op.batch_alter_table("redemptions") as batch:
        batch.create_foreign_key(FK, "campaigns", ["campaign_id"], ["id"])
    op.create_index("ix_redemptions_member", "redemptions", ["member_id", "redeemed_at", "id"])
    op.create_index("ix_redemptions_merchant", "redemptions", ["merchant_id", "redeemed_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_redemptions_merchant", "redemptions")
    op.drop_index("ix_redemptions_member", "redemptions")
    with op.batch_alter_table("redemptions") as batch:
        batch.drop_constraint(FK, type_="foreignkey")
    op.create_index("ix_redemptions_merchant_id", "redemptions", ["merchant_id"])
    op.create_index("ix_redemptions_member_id", "redemptions", ["member_id"])
    op.drop_index("ix_campaigns_open", "campaigns")
    op.create_index("ix_campaigns_status", "campaigns", ["status"])
