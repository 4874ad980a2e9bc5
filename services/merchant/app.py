"""The merchant service's HTTP app: `gunicorn 'services.merchant.app:create_app()'`."""

from __future__ import annotations

from flask import Flask

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
from shared.logs import configure_logging
from shared.web.app import create_base_app, register_ops_blueprints


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app from the environment; `test_config` overrides settings keys."""
    settings = MerchantSettings.from_mapping("merchant", test_config)
    if not test_config:
        configure_logging(settings.service)
    infra, deps = build(settings)
    app, api = create_base_app(
        settings,
        title="Merchant-partner service",
        error_table=ERROR_TABLE,
        checks=infra.checks(),
        redis=infra.redis,
    )
    app.extensions["mall_infra"] = infra
    app.extensions["merchant_deps"] = deps
    app.extensions["mall_appliers"] = {
        consumer.CONSUMER_NAME: infra.applier(consumer.CONSUMER_NAME, consumer.HANDLERS)
    }
    modules = (applications, directory, self_service, ops, category_changes, internal, key_links)
    for module in modules:
        api.register_blueprint(module.blp)
    register_ops_blueprints(api)
    return app
