"""What the use cases need, plugged in at bootstrap: sessions, the gate, the outbox, a clock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from services.voucher.adapters.campaign_repo import CampaignRepository
from services.voucher.adapters.gate import ClaimGate
from services.voucher.adapters.uow import VoucherUnitOfWork
from services.voucher.config import VoucherSettings
from services.voucher.domain.campaign import Campaign
from services.voucher.domain.errors import CampaignNotFound
from services.voucher.service_layer.group_commit import GroupCommit
from shared.clock import utc_now
from shared.messaging.topics import VOUCHER_EVENTS
from shared.unit_of_work import RecordEvent


@dataclass
class VoucherContext:
    session_factory: sessionmaker[Session]
    record_event: RecordEvent
    settings: VoucherSettings
    gate: ClaimGate
    now: Callable[[], datetime] = field(default=utc_now)
    writes: GroupCommit = None  # type: ignore[assignment]  # set in __post_init__ when absent
    ticks: Callable[[], float] = time.monotonic  # for the short memories below; tests move it
    _campaigns: dict[str, tuple[float, Campaign]] = field(default_factory=dict)
    _sold_out: dict[str, float] = field(default_factory=dict)
    _reloading: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.writes is None:
            window = self.settings.group_commit_window_ms / 1000
            self.writes = GroupCommit(self.session_factory, window=window)

    def uow(self) -> VoucherUnitOfWork:
        """A unit of work over the voucher repositories (`with ctx.uow() as uow:`)."""
        return VoucherUnitOfWork(self.session_factory, self.record_event)

    def emit(self, session: Session, event_type: str, aggregate_id: str, data: dict) -> None:
        """Stage a voucher.events event in the caller's transaction."""
        self.record_event(session, VOUCHER_EVENTS, event_type, aggregate_id, data)

    def campaign(self, campaign_id: str, *, fresh: bool = False) -> Campaign:
        """Return a campaign, from a cache of a second or so unless `fresh`."""
        hit = self._campaigns.get(campaign_id)
        if hit and not fresh:
            if self.ticks() - hit[0] < self.settings.campaign_cache_seconds:
                return hit[1]
            # One thread reloads a lapsed copy; the others use it the few ms that takes,
            # instead of every thread of a rush reading the same row at once.
            if not self._reloading.acquire(blocking=False):
                return hit[1]
            try:
                return self._load_campaign(campaign_id)
            finally:
                self._reloading.release()
        return self._load_campaign(campaign_id)

    def _load_campaign(self, campaign_id: str) -> Campaign:
        with self.session_factory() as session:
            found = CampaignRepository(session).get(campaign_id)
        if found is None:
            raise CampaignNotFound(f"No campaign {campaign_id}.")
        self._campaigns[campaign_id] = (self.ticks(), found)
        return found

    def forget(self, campaign_id: str) -> None:
        self._campaigns.pop(campaign_id, None)
        self._sold_out.pop(campaign_id, None)

    def note_sold_out(self, campaign_id: str) -> None:
        self._sold_out[campaign_id] = self.ticks() + self.settings.sold_out_memo_seconds

    def known_sold_out(self, campaign_id: str) -> bool:
        """Return whether the gate said sold out a moment ago (within the memo time)."""
        until = self._sold_out.get(campaign_id)
        return until is not None and self.ticks() < until
