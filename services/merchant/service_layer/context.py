"""What the use cases need, handed in at bootstrap: sessions, the outbox, the key cache, a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from services.merchant.adapters.key_cache import KeyCache
from services.merchant.adapters.uow import MerchantUnitOfWork
from services.merchant.config import MerchantSettings
from shared.clock import utc_now
from shared.unit_of_work import RecordEvent


@dataclass
class MerchantContext:
    session_factory: sessionmaker[Session]
    record_event: RecordEvent
    settings: MerchantSettings
    key_cache: KeyCache
    now: Callable[[], datetime] = field(default=utc_now)

    def uow(self) -> MerchantUnitOfWork:
        """A unit of work over the merchant repositories (`with ctx.uow() as uow:`)."""
        return MerchantUnitOfWork(self.session_factory, self.record_event)
