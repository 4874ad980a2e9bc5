"""The unit of work: one transaction, its events in the outbox, cache work after commit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import TracebackType

from sqlalchemy.orm import Session

from services.merchant.adapters.application_repo import ApplicationRepo
from services.merchant.adapters.category_change_repo import CategoryChangeRepo
from services.merchant.adapters.key_link_repo import KeyLinkRepo
from services.merchant.adapters.merchant_repo import MerchantRepo
from shared.bootstrap import Infra
from shared.messaging.topics import MERCHANT_EVENTS

logger = logging.getLogger(__name__)


class SqlUnitOfWork:
    """Use as `with uow:`; nothing is stored unless `commit()` is called."""

    def __init__(self, infra: Infra, session: Session | None = None) -> None:
        self.infra = infra
        self._given = session  # a consumer hands in its own session and commits itself
        self._after_commit: list[Callable[[], None]] = []

    def __enter__(self) -> SqlUnitOfWork:
        if self._given is not None:
            self.session = self._given
        else:
            self.session = self.infra.session_factory()
            self.session.begin()
        self.applications = ApplicationRepo(self.session)
        self.merchants = MerchantRepo(self.session)
        self.key_links = KeyLinkRepo(self.session)
        self.category_changes = CategoryChangeRepo(self.session)
        self._after_commit = []
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._given is None:
            if self.session.in_transaction():
                self.session.rollback()
            self.session.close()

    def record(self, event_type: str, aggregate_id: str, data: dict) -> None:
        """Stage an event in the outbox, in this transaction."""
        self.infra.record_event(self.session, MERCHANT_EVENTS, event_type, aggregate_id, data)

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run `action` once the transaction has committed (e.g. drop a cache entry)."""
        self._after_commit.append(action)

    def commit(self) -> None:
        if self._given is None:
            self.session.commit()
        for action in self._after_commit:
            action()
        self._after_commit = []
