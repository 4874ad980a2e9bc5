"""Mark vouchers past their validity as expired, and say so with voucher.expired."""

from __future__ import annotations

import logging

from sqlalchemy import select

from services.voucher.adapters.orm import vouchers
from services.voucher.service_layer.context import VoucherContext

logger = logging.getLogger(__name__)
BATCH = 500


def expire_due(ctx: VoucherContext) -> int:
    """Expire every issued voucher whose validity ended; return how many; safe to repeat."""
    now = ctx.now()
    total = 0
    while True:
        with ctx.session_factory() as session, session.begin():
            due = (
                session.execute(
                    select(vouchers.c.id)
                    .where(vouchers.c.status == "issued", vouchers.c.valid_until <= now)
                    .order_by(vouchers.c.valid_until)
                    .limit(BATCH)
                )
                .scalars()
                .all()
            )
            if not due:
                return total
            # Conditional on status, so a redemption racing the job keeps its voucher.
            expired = session.execute(
                vouchers.update()
                .where(vouchers.c.id.in_(due), vouchers.c.status == "issued")
                .values(status="expired", expired_at=now)
                .returning(vouchers.c.id, vouchers.c.campaign_id, vouchers.c.member_id)
            ).all()
            for row in expired:
                ctx.emit(
                    session,
                    "voucher.expired",
                    row.id,
                    {
                        "voucher_id": row.id,
                        "campaign_id": row.campaign_id,
                        "member_id": row.member_id,
                        "expired_at": now.isoformat(),
                    },
                )
        total += len(expired)
        logger.info("expired %d vouchers", len(expired))
