"""Applications nobody acted on for APPLICATION_TTL_DAYS expire, so a code cannot be squatted.

Run by the merchant worker every APPLICATION_EXPIRY_INTERVAL seconds, and on demand with
`python -m services.merchant.entrypoints.expire_applications`.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from services.merchant.domain.model import WAITING_STATES
from services.merchant.service_layer.audit import Actor, audit
from services.merchant.service_layer.context import MerchantContext

logger = logging.getLogger(__name__)
EXPIRY = Actor("system", "application-expiry")
BATCH = 200


def expire_stale(ctx: MerchantContext) -> int:
    """Expire every waiting application untouched for the TTL; return how many."""
    ttl = timedelta(days=ctx.settings.application_ttl_days)
    expired = 0
    while True:
        now = ctx.now()
        with ctx.uow() as uow:
            stale = uow.applications.stale(WAITING_STATES, now - ttl, BATCH)
            for app in stale:
                before = app.expire(now)
                if uow.applications.save(app, before):
                    expired += 1
                    reason = f"Nobody acted on it for {ctx.settings.application_ttl_days} days."
                    audit(
                        uow,
                        EXPIRY,
                        "expire",
                        now,
                        application_id=app.id,
                        from_state=before,
                        to_state=app.status,
                        reason=reason,
                    )
            uow.commit()
        if len(stale) < BATCH:
            if expired:
                logger.info("expired %d applications", expired)
            return expired
