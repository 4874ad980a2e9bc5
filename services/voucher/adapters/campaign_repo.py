"""Campaigns in and out of the database, as `Campaign` aggregates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.voucher.adapters.orm import campaigns
from services.voucher.adapters.repository import campaign_from_row, campaign_values
from services.voucher.domain.campaign import PUBLISHED, Campaign


class CampaignRepository:
    """The write side of campaigns; list and detail reads live in campaign_queries.py."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, campaign_id: str, *, lock: bool = False) -> Campaign | None:
        """Load a campaign; `lock` holds its row until the transaction ends (PostgreSQL)."""
        query = select(campaigns).where(campaigns.c.id == campaign_id)
        if lock:
            query = query.with_for_update()
        row = self.session.execute(query).first()
        return campaign_from_row(row) if row else None

    def add(self, campaign: Campaign, created_by: str | None, now: datetime) -> None:
        self.session.execute(
            campaigns.insert().values(
                id=campaign.id,
                created_by=created_by,
                created_at=now,
                updated_at=now,
                **campaign_values(campaign),
            )
        )

    def save(self, campaign: Campaign, now: datetime) -> None:
        """Store the definition, status and status times of a campaign loaded with `lock`."""
        self.session.execute(
            campaigns.update()
            .where(campaigns.c.id == campaign.id)
            .values(
                updated_at=now,
                published_at=campaign.published_at,
                closed_at=campaign.closed_at,
                **campaign_values(campaign),
            )
        )

    def published_ids(self) -> list[str]:
        """Return the ids of every published campaign (whose claim gates must be loaded)."""
        return list(
            self.session.execute(
                select(campaigns.c.id).where(campaigns.c.status == PUBLISHED)
            ).scalars()
        )
