"""The unit of work every service uses: one transaction, its events in the outbox, then cache work.

A service subclasses it to name its topic and open its repositories on the session:

    class VoucherUnitOfWork(SqlUnitOfWork):
        topic = VOUCHER_EVENTS

        def open_repositories(self, session):
            self.campaigns = CampaignRepository(session)

and a use case reads `with ctx.uow() as uow: c = uow.campaigns.get(id, lock=True); ...;
uow.record(...); uow.commit()`. Nothing is stored unless `commit()` is called.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import ClassVar, Self

from sqlalchemy.orm import Session, sessionmaker

RecordEvent = Callable[[Session, str, str, str, dict], None]


class SqlUnitOfWork:
    """Use as `with uow:`; a consumer hands in its own session and commits it itself."""

    topic: ClassVar[str]  # the topic `record()` writes to: the service's own

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        record_event: RecordEvent,
        session: Session | None = None,
    ) -> None:
        self._factory = session_factory
        self._record_event = record_event
        self._given = session
        self._after_commit: list[Callable[[], None]] = []

    def open_repositories(self, session: Session) -> None:
        """Set this service's repositories as attributes (subclasses)."""

    def __enter__(self) -> Self:
        if self._given is not None:
            self.session = self._given
        else:
            self.session = self._factory()
            self.session.begin()
        self.open_repositories(self.session)
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
        """Stage an event of this service in the outbox, in this transaction."""
        self._record_event(self.session, self.topic, event_type, aggregate_id, data)

    def after_commit(self, action: Callable[[], None]) -> None:
        """Run `action` once the transaction has committed (e.g. drop a cache entry)."""
        self._after_commit.append(action)

    def commit(self) -> None:
        if self._given is None:
            self.session.commit()
        for action in self._after_commit:
            action()
        self._after_commit = []
