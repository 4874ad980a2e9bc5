"""The catalog service's HTTP app."""

from __future__ import annotations

from flask import Flask

from services.catalog.bootstrap import build
from services.catalog.config import CatalogSettings
from services.catalog.entrypoints.consumer import CONSUMER, build_handlers
from services.catalog.entrypoints.errors import ERROR_TABLE
from services.catalog.entrypoints.http import merchant, ops, public
from shared.web.app import create_base_app, register_ops_blueprints


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; `test_config` overrides settings (database_url, redis_url, ...)."""
    settings = CatalogSettings.from_mapping("catalog", test_config)
    infra, ctx = build(settings)
    app, api = create_base_app(
        settings,
        title="Catalog service",
        error_table=ERROR_TABLE,
        checks=infra.checks(),
        redis=infra.redis,
    )
    app.extensions["mall_infra"] = infra
    app.extensions["mall_appliers"] = {CONSUMER: infra.applier(CONSUMER, build_handlers(ctx.cache))}
    app.extensions["catalog"] = ctx
    for blueprint in (public.blp, merchant.blp, ops.blp):
        api.register_blueprint(blueprint)
    register_ops_blueprints(api)
    return app
