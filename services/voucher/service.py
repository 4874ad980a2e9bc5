"""What the voucher service is made of; `shared.service` builds its app and worker from it."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import Flask

from services.voucher.bootstrap import build
from services.voucher.config import VoucherSettings
from services.voucher.entrypoints import consumer
from services.voucher.entrypoints.errors import ERROR_TABLE
from services.voucher.entrypoints.http import member, merchant, ops
from services.voucher.entrypoints.http.metrics import install_counters
from services.voucher.service_layer.context import VoucherContext
from services.voucher.service_layer.expiry import expire_due
from services.voucher.service_layer.gate_sync import rebuild_all
from shared.messaging.topics import VOUCHER_EVENTS
from shared.service import Loop, ServiceSpec

logger = logging.getLogger(__name__)


def setup_app(app: Flask, settings: VoucherSettings, context: VoucherContext) -> None:
    """Count claims per outcome, and load the claim gates of published campaigns."""
    install_counters(app)
    if settings.gate_rebuild_on_start:
        try:
            rebuilt = rebuild_all(context)
            logger.info("claim gate rebuilt for %d campaigns", len(rebuilt))
        except Exception:  # noqa: BLE001 - a missing gate is rebuilt on the first claim
            logger.exception("claim gate rebuild at start failed")


def expiry_loop(context: VoucherContext, interval: float) -> Loop:
    """Return a loop that runs the expiry job every `interval` seconds until stopped."""

    def run(stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                expire_due(context)
            except Exception:  # noqa: BLE001 - try again next round
                logger.exception("expiry job failed")
            stop.wait(interval)

    return run


SPEC = ServiceSpec(
    name="voucher",
    title="Union mall voucher service",
    settings=VoucherSettings,
    build=build,
    error_table=ERROR_TABLE,
    blueprints=[m.blp for m in (member, merchant, ops)],
    consumer=consumer,
    publishes=[VOUCHER_EVENTS],
    migrations=Path(__file__).resolve().parent / "migrations",
    worker_loops=lambda settings, context: {
        "expiry": expiry_loop(context, settings.expiry_interval)
    },
    setup_app=setup_app,
)
