"""What the use cases need, handed in at bootstrap: sessions, the outbox, the cache, a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from services.catalog.adapters.cache import CatalogCache
from services.catalog.adapters.uow import CatalogUnitOfWork

RecordEvent = Callable[[Session, str, str, str, dict], None]


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class CatalogContext:
    session_factory: sessionmaker[Session]
    record_event: RecordEvent
    cache: CatalogCache
    now: Callable[[], datetime] = field(default=utcnow)

    def uow(self) -> CatalogUnitOfWork:
        """A unit of work over the catalog repositories (`with ctx.uow() as uow:`)."""
        return CatalogUnitOfWork(self.session_factory, self.record_event)
