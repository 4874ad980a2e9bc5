"""What the use cases need, handed in at bootstrap: sessions, the outbox, the cache, a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from services.catalog.adapters.cache import CatalogCache
from services.catalog.adapters.uow import CatalogUnitOfWork
from shared.clock import utc_now
from shared.unit_of_work import RecordEvent


@dataclass
class CatalogContext:
    session_factory: sessionmaker[Session]
    record_event: RecordEvent
    cache: CatalogCache
    now: Callable[[], datetime] = field(default=utc_now)

    def uow(self) -> CatalogUnitOfWork:
        """A unit of work over the catalog repositories (`with ctx.uow() as uow:`)."""
        return CatalogUnitOfWork(self.session_factory, self.record_event)
