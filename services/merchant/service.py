"""What the merchant service is made of; `shared.service` builds its app and worker from it."""

from __future__ import annotations

from pathlib import Path

from services.merchant.bootstrap import build
from services.merchant.config import MerchantSettings
from services.merchant.entrypoints import consumer
from services.merchant.entrypoints.errors import ERROR_TABLE
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

SPEC = ServiceSpec(
    name="merchant",
    title="Merchant-partner service",
    settings=MerchantSettings,
    build=build,
    error_table=ERROR_TABLE,
    blueprints=[
        m.blp
        for m in (applications, directory, self_service, ops, category_changes, internal, key_links)
    ],
    consumer=consumer,
    publishes=[MERCHANT_EVENTS],
    migrations=Path(__file__).resolve().parent / "migrations",
    # Unreviewed applications lapse (APPLICATION_TTL_DAYS), so a credit code cannot be squatted.
    worker_loops=lambda settings, deps: {
        "expiry": every(
            settings.application_expiry_interval, lambda: expire_stale(deps), "application expiry"
        )
    },
)
