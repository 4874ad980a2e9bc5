"""The merchant service's unit of work (shared.unit_of_work) over its repositories."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.merchant.adapters.application_repo import ApplicationRepository
from services.merchant.adapters.category_change_repo import CategoryChangeRepository
from services.merchant.adapters.key_link_repo import KeyLinkRepository
from services.merchant.adapters.merchant_repo import MerchantRepository
from shared.messaging.topics import MERCHANT_EVENTS
from shared.unit_of_work import SqlUnitOfWork


class MerchantUnitOfWork(SqlUnitOfWork):
    """Applications and merchants in one transaction; merchant.* events in its outbox."""

    topic = MERCHANT_EVENTS

    def open_repositories(self, session: Session) -> None:
        self.applications = ApplicationRepository(session)
        self.merchants = MerchantRepository(session)
        self.key_links = KeyLinkRepository(session)
        self.category_changes = CategoryChangeRepository(session)
