"""The gateway's Flask app: callers verified, roles checked, limits, cache, one OpenAPI."""

from __future__ import annotations

import time

from flask import Flask
from flask_smorest import Api
from werkzeug.middleware.proxy_fix import ProxyFix

from services.gateway.adapters.orm import messaging
from services.gateway.config import GatewaySettings
from services.gateway.cors import install_cors
from services.gateway.entrypoints import aggregate, ops, proxy
from services.gateway.entrypoints.consumer import CONSUMER, handlers
from services.gateway.errors import ERROR_TABLE
from services.gateway.fast_lane import FastLane
from services.gateway.internal_port import install_internal_paths
from services.gateway.key_checks import KeyVerdicts
from services.gateway.openapi import install_openapi
from services.gateway.ratelimit import install_rate_limits
from services.gateway.response_cache import ResponseCache
from services.gateway.server_timing import install_server_timing
from services.gateway.upstream import Upstreams
from shared.bootstrap import build_infra
from shared.logs import configure_logging
from shared.principal import GATEWAY, VerifiedTokens
from shared.redis_connect import connect
from shared.web.health import install_health
from shared.web.json_body import install_json_guard
from shared.web.problems import install_error_handlers
from shared.web.request_context import install_request_context


class GatewayFlask(Flask):
    """Flask, asking once per function whether it is a coroutine: Flask asks again for every
    hook of every request (`inspect.iscoroutinefunction`), and the gateway has ten."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._sync: dict = {}

    def ensure_sync(self, func):
        found = self._sync.get(func)
        if found is None:
            found = self._sync[func] = super().ensure_sync(func)
        return found


def upstream_check(upstreams: Upstreams, service: str):
    def check() -> None:
        upstreams.request(service, "GET", "/healthz", GATEWAY, timeout=(0.5, 1.0))

    return check


def create_app(test_config: dict | None = None) -> Flask:
    """Build the gateway; `test_config` overrides settings (lower-case field names) and may
    pass a `clock` (epoch seconds) that decides when bearer tokens expire."""
    settings = GatewaySettings.from_mapping("gateway", test_config)
    clock = (test_config or {}).get("clock", time.time)  # epoch seconds; a test may move it
    configure_logging("gateway")
    redis = connect(settings.redis_url, socket_timeout=2, socket_connect_timeout=1)
    infra = build_infra(settings, messaging, redis=redis)
    upstreams = Upstreams(settings)
    cache = ResponseCache(redis, settings.cache_ttl, local=settings.local_cache)

    app = GatewayFlask("gateway", static_folder=None)
    app.url_map.merge_slashes = False  # `//` is refused, not redirected (routes.py)
    app.config.update(
        API_TITLE="Union inclusive-benefits mall API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=None,  # the gateway serves the merged document itself
        MAX_CONTENT_LENGTH=1024 * 1024,
    )
    app.json.ensure_ascii = False
    app.extensions.update(
        gateway_settings=settings,
        gateway_upstreams=upstreams,
        gateway_cache=cache,
        gateway_tokens=VerifiedTokens(clock=clock),
        gateway_key_verdicts=KeyVerdicts(),
        mall_settings=settings,
        mall_infra=infra,
        mall_redis=redis,
        mall_appliers={CONSUMER: infra.applier(CONSUMER, handlers(cache))},
    )
    install_server_timing(app)  # first: Flask runs after_request hooks last-registered first
    install_request_context(app, "gateway")
    install_rate_limits(app, settings)
    install_json_guard(app)
    install_internal_paths(app, settings.internal_port)
    checks = {"redis": lambda: redis.ping(), "database": infra.checks()["database"]}
    checks.update({f"upstream_{s}": upstream_check(upstreams, s) for s in settings.upstreams})
    install_health(app, checks)
    install_cors(app, settings)  # its response hooks run before those above: headers in order
    api = Api(app)
    install_error_handlers(app, ERROR_TABLE)  # after Api(), whose own handler it replaces
    api.register_blueprint(aggregate.blp)
    api.register_blueprint(ops.blp)
    app.register_blueprint(proxy.bp)
    app.extensions["gateway_api"] = api
    install_openapi(app, upstreams, settings.openapi_ttl)
    if settings.fast_lane:  # in front of Flask, behind ProxyFix: it needs the client's address
        app.wsgi_app = FastLane(app, app.wsgi_app)
    if settings.trusted_proxy_hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxy_hops)
    return app
