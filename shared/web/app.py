"""The Flask app every service starts from."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api
from redis import Redis

from shared.config import Settings
from shared.idempotency import IdempotencyStore
from shared.web.auth import install_internal_auth
from shared.web.health import Check, install_health
from shared.web.ids import install_id_converter
from shared.web.json_body import install_json_guard
from shared.web.problems import install_error_handlers
from shared.web.request_context import install_request_context
from shared.web.schema_rules import SchemaRules


def create_base_app(
    settings: Settings,
    *,
    title: str,
    error_table: dict[type[Exception], tuple[int, str]],
    checks: dict[str, Check],
    redis: Redis | None = None,
    internal_auth: bool = True,
) -> tuple[Flask, Api]:
    """Build the app with request ids, problem+json errors, health, metrics and OpenAPI."""
    app = Flask(settings.service)
    app.config.update(
        API_TITLE=title,
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        MAX_CONTENT_LENGTH=1024 * 1024,
        JSON_SORT_KEYS=False,
    )
    app.json.ensure_ascii = False
    api = Api(app, spec_kwargs={"extra_plugins": [SchemaRules()]})
    install_id_converter(app, api)
    install_request_context(app, settings.service)
    if internal_auth:
        install_internal_auth(app, settings.internal_secret, settings.service)
    install_json_guard(app)
    install_health(app, checks)
    install_error_handlers(app, error_table)
    if redis is not None:
        app.extensions["mall_redis"] = redis
        app.extensions["mall_idempotency"] = IdempotencyStore(
            redis, settings.service, settings.internal_secret
        )
    app.extensions["mall_settings"] = settings
    return app, api


def register_ops_blueprints(api: Api) -> None:
    """Dead letters and outbox backlog, the same in every service."""
    from shared.web import dead_letters, outbox_status

    api.register_blueprint(dead_letters.blp)
    api.register_blueprint(outbox_status.blp)
