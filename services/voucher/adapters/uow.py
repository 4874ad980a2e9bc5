"""The voucher service's unit of work (shared.unit_of_work) over its repositories."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.voucher.adapters.campaign_repo import CampaignRepository
from services.voucher.adapters.redemption_repo import LedgerRepository, RedemptionRepository
from services.voucher.adapters.repository import merchant_copies
from services.voucher.adapters.voucher_repo import VoucherRepository
from shared.messaging.topics import VOUCHER_EVENTS
from shared.unit_of_work import SqlUnitOfWork


class VoucherUnitOfWork(SqlUnitOfWork):
    """Campaigns, vouchers, redemptions and the ledger in one transaction; voucher.* events
    in its outbox; the merchant copy to read standing from.

    Lock order: no use case waits for a row while it holds another that someone could want
    first. Ops lock one campaign (claims and redemptions only key-share it, through their
    foreign keys); a redemption takes its voucher (while issued), then adds rows; a reversal
    takes the redemption, then its voucher (no longer issued, so no redemption or sweep
    waits for it); the expiry sweep locks its batch with SKIP LOCKED and waits for nobody; a
    group commit only inserts new vouchers (the gate keeps their slots and sequences apart).
    """

    topic = VOUCHER_EVENTS

    def open_repositories(self, session: Session) -> None:
        self.merchants = merchant_copies.bound(session)  # first, as in orm.py
        self.campaigns = CampaignRepository(session)
        self.vouchers = VoucherRepository(session)
        self.redemptions = RedemptionRepository(session)
        self.ledger = LedgerRepository(session)
