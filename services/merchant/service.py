"""What the merchant service is made of; `shared.service` builds its app and worker from it."""

from __future__ import annotations

from services.merchant.entrypoints.http import (
    applications,
    category_changes,
    directory,
    internal,
    key_links,
    ops,
    self_service,
)
from services.merchant.service_layer.expiry import expire_stale
from shared.messaging.topics import MERCHANT_EVENTS
from shared.service import ServiceSpec
from shared.worker import every

SPEC = ServiceSpec.of(
    __package__,
    title="Merchant-partner service",
    blueprints=[
        m.blp
        for m in (applications, directory, self_service, ops, category_changes, internal, key_links)
    ],
    publishes=[MERCHANT_EVENTS],
    # Unreviewed applications lapse (APPLICATION_TTL_DAYS), so a credit code cannot be squatted.
    worker_loops=lambda settings, ctx: {
        "expiry": every(
            settings.application_expiry_interval, lambda: expire_stale(ctx), "application expiry"
        )
    },
)
