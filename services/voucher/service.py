"""What the voucher service is made of; `shared.service` builds its app and worker from it."""

from __future__ import annotations

import logging

from flask import Flask

from services.voucher.config import VoucherSettings
from services.voucher.entrypoints.http import member, merchant, ops
from services.voucher.entrypoints.http.metrics import install_counters
from services.voucher.service_layer.context import VoucherContext
from services.voucher.service_layer.expiry import expire_due
from services.voucher.service_layer.gate_sync import rebuild_all
from shared.messaging.topics import VOUCHER_EVENTS
from shared.service import ServiceSpec
from shared.worker import every

logger = logging.getLogger(__name__)


def setup_app(app: Flask, settings: VoucherSettings, ctx: VoucherContext) -> None:
    """Count claims per outcome, and load the claim gates of published campaigns."""
    install_counters(app)
    if settings.gate_rebuild_on_start:
        try:
            rebuilt = rebuild_all(ctx)
            logger.info("claim gate rebuilt for %d campaigns", len(rebuilt))
        except Exception:  # a missing gate is rebuilt on the first claim
            logger.exception("claim gate rebuild at start failed")


SPEC = ServiceSpec.of(
    __package__,
    title="Union mall voucher service",
    blueprints=[m.blp for m in (member, merchant, ops)],
    publishes=[VOUCHER_EVENTS],
    worker_loops=lambda settings, ctx: {
        "expiry": every(settings.expiry_interval, lambda: expire_due(ctx), "expiry job")
    },
    setup_app=setup_app,
)
