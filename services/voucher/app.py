"""The voucher service's HTTP app: `services.voucher.app:create_app()`."""

from __future__ import annotations

import logging

from flask import Flask

from services.voucher.bootstrap import build
from services.voucher.config import VoucherSettings
from services.voucher.entrypoints.consumer import CONSUMER, HANDLERS
from services.voucher.entrypoints.errors import ERROR_TABLE
from services.voucher.entrypoints.http import member, merchant, ops
from services.voucher.entrypoints.http.metrics import install_counters
from services.voucher.service_layer.gate_sync import rebuild_all
from shared.logs import configure_logging
from shared.web.app import create_base_app, register_ops_blueprints

logger = logging.getLogger(__name__)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; test_config overrides settings and may pass a `clock` callable."""
    test_config = test_config or {}
    settings = VoucherSettings.from_mapping("voucher", test_config)
    if not test_config:
        configure_logging(settings.service)
    infra, context = build(settings, clock=test_config.get("clock"))
    app, api = create_base_app(
        settings,
        title="Union mall voucher service",
        error_table=ERROR_TABLE,
        checks=infra.checks(),
        redis=infra.redis,
    )
    app.extensions["mall_infra"] = infra
    app.extensions["mall_appliers"] = {CONSUMER: infra.applier(CONSUMER, HANDLERS)}
    app.extensions["voucher_ctx"] = context
    for module in (member, merchant, ops):
        api.register_blueprint(module.blp)
    register_ops_blueprints(api)
    install_counters(app)
    if settings.gate_rebuild_on_start:
        try:
            rebuilt = rebuild_all(context)
            logger.info("claim gate rebuilt for %d campaigns", len(rebuilt))
        except Exception:  # noqa: BLE001 - a missing gate is rebuilt on the first claim
            logger.exception("claim gate rebuild at start failed")
    return app
