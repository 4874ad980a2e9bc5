"""Mark vouchers past their validity as expired, and say so with voucher.expired."""

from __future__ import annotations

import logging

from services.voucher.service_layer.context import VoucherContext
from services.voucher.service_layer.views import voucher_expired_event_data

logger = logging.getLogger(__name__)
BATCH = 500


def expire_due(ctx: VoucherContext) -> int:
    """Expire every issued voucher whose validity ended; return how many; safe to repeat."""
    now = ctx.now()
    total = 0
    while True:
        with ctx.uow() as uow:
            due = uow.vouchers.due_to_expire(now, BATCH)
            if not due:
                return total
            expired = uow.vouchers.expire(due, now)
            for voucher_id, campaign_id, member_id in expired:
                data = voucher_expired_event_data(voucher_id, campaign_id, member_id, now)
                uow.record("voucher.expired", voucher_id, data)
            uow.commit()
        total += len(expired)
        logger.info("expired %d vouchers", len(expired))
