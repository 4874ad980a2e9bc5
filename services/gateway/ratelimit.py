"""Rate limits in Redis (flask-limiter): per caller or IP; stricter for claims and onboarding."""

from __future__ import annotations

import math
import re
import time

from flask import Flask, Response, current_app, request
from flask_limiter import ApplicationLimit, Limiter, RateLimitExceeded

from services.gateway.callers import principal_or_none
from services.gateway.config import GatewaySettings
from shared.web.problems import problem

CLAIM_PATH = re.compile(r"/api/v1/campaigns/[^/]+/claims/?")
ONBOARDING_PATH = re.compile(r"/api/v1/merchant-applications/?")
UNLIMITED_PATHS = ("/healthz", "/readyz", "/metrics")


def _settings() -> GatewaySettings:
    return current_app.extensions["gateway_settings"]


def ip_key() -> str:
    return f"ip:{request.remote_addr or 'unknown'}"


def caller_key() -> str:
    principal = principal_or_none()
    if principal is None or principal.sub is None:
        return ip_key()  # bad or no credentials: the IP is all we know
    return f"{principal.role}:{principal.sub}"


def _general_limit() -> str:
    principal = principal_or_none()
    if principal is None or principal.sub is None:
        return _settings().rate_limit_ip
    return _settings().rate_limit_caller


def _is_claim() -> bool:
    return request.method == "POST" and bool(CLAIM_PATH.fullmatch(request.path))


def _is_onboarding() -> bool:
    return request.method == "POST" and bool(ONBOARDING_PATH.fullmatch(request.path))


def build_limiter(settings: GatewaySettings) -> Limiter:
    """One limiter, counting in Redis so every gateway process shares the same budget."""
    return Limiter(
        key_func=ip_key,
        storage_uri=settings.redis_url,
        storage_options={"socket_timeout": 1, "socket_connect_timeout": 1},
        strategy="fixed-window",
        key_prefix="gateway",
        headers_enabled=False,  # X-RateLimit-* would cost two more Redis calls per request
        swallow_errors=True,  # a Redis outage must not take the whole mall down
        enabled=settings.rate_limit_enabled,
        application_limits=[
            # One budget per request: a verified caller's own, else its IP's. Members behind one
            # carrier NAT must not share a budget, so verified callers are not also counted by IP.
            ApplicationLimit(_general_limit, key_function=caller_key, scope="general"),
            ApplicationLimit(
                lambda: _settings().rate_limit_claims,
                key_function=caller_key,
                scope="claims",
                exempt_when=lambda: not _is_claim(),
            ),
            ApplicationLimit(
                lambda: _settings().rate_limit_onboarding,
                key_function=ip_key,
                scope="onboarding",
                exempt_when=lambda: not _is_onboarding(),
            ),
        ],
    )


def install_rate_limits(app: Flask, settings: GatewaySettings) -> Limiter:
    """Attach the limiter and answer a breach with 429 problem+json and Retry-After."""
    limiter = build_limiter(settings)

    @limiter.request_filter
    def _exempt() -> bool:
        return request.method == "OPTIONS" or request.path.startswith(UNLIMITED_PATHS)

    limiter.init_app(app)

    @app.errorhandler(RateLimitExceeded)
    def _too_many(err: RateLimitExceeded) -> Response:
        current = limiter.current_limit
        wait = 1
        if current is not None:
            wait = max(1, math.ceil(current.window[0] - time.time()))
        return problem(
            429,
            "rate_limited",
            "Too Many Requests",
            f"Rate limit {err.description} exceeded; retry in {wait} s.",
            headers={"Retry-After": str(wait)},
        )

    app.extensions["gateway_limiter"] = limiter
    return limiter
