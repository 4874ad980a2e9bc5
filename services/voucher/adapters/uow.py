"""The voucher service's unit of work (shared.unit_of_work) over its repositories."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.voucher.adapters.campaign_repo import CampaignRepository
from shared.messaging.topics import VOUCHER_EVENTS
from shared.unit_of_work import SqlUnitOfWork


class VoucherUnitOfWork(SqlUnitOfWork):
    """Campaigns in one transaction; voucher.* events in its outbox."""

    topic = VOUCHER_EVENTS

    def open_repositories(self, session: Session) -> None:
        self.campaigns = CampaignRepository(session)
