"""Voucher events this service consumes: redemption totals for each merchant's dashboard."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.merchant.adapters.merchant_repo import MerchantRepository
from services.merchant.service_layer.context import MerchantContext
from services.merchant.service_layer.totals import apply_redemption
from shared.events.envelope import Event
from shared.messaging.applier import Handler
from shared.messaging.topics import VOUCHER_EVENTS

CONSUMER = "merchant-redemption-totals"
TOPICS = [VOUCHER_EVENTS]


def on_redemption(session: Session, event: Event) -> None:
    """Runs in the applier's transaction, so a redelivered event is counted once."""
    apply_redemption(MerchantRepository(session), event)


def handlers(ctx: MerchantContext) -> dict[str, Handler]:
    """The consumer's table: event type to handler."""
    return {"voucher.redeemed": on_redemption, "voucher.reversed": on_redemption}
