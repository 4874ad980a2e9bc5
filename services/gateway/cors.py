"""CORS on /api: flask-cors on the Flask path, and the very same headers for the fast lane.

The fast lane answers without a Flask request, so flask-cors' response hook (which reads
Flask's `request`) cannot run there. `CorsHeaders` runs flask-cors' own functions instead
(`get_cors_headers` on the options `get_cors_options` resolves from the same configuration,
for the resource the hook would match), so an allowed origin, a refused one and the `Vary`
rules stay flask-cors' (tests/gateway/test_fast_lane.py compares both paths byte for byte).
"""

from __future__ import annotations

from urllib.parse import unquote

from flask import Flask, Response, request
from flask_cors import CORS
from flask_cors.core import (
    get_cors_headers,
    get_cors_options,
    parse_resources,
    try_match_pattern,
)
from werkzeug.datastructures import EnvironHeaders

from services.gateway.config import GatewaySettings

EXPOSED_HEADERS = [
    "X-Request-Id", "Retry-After", "Location", "Idempotent-Replayed", "Server-Timing",
]  # fmt: skip
ALLOWED_HEADERS = ["Authorization", "X-Api-Key", "Content-Type", "Idempotency-Key", "X-Request-Id"]
VARY_ON_ORIGIN = ("Vary", "Origin")


def cors_config(settings: GatewaySettings) -> dict:
    """flask-cors' options for the gateway: one place for the Flask path and the lane."""
    return {
        "resources": {r"/api/*": {"origins": list(settings.cors_origins)}},
        "expose_headers": EXPOSED_HEADERS,
        "allow_headers": ALLOWED_HEADERS,
        "max_age": 600,
        "always_send": False,  # no Origin, no CORS: nothing to add but the Vary below
    }


def install_cors(app: Flask, settings: GatewaySettings) -> None:
    """flask-cors on the app, run only for requests with an Origin, then `vary_on_origin`;
    `app.extensions["gateway_cors"]` gives the lane the same headers."""
    config = cors_config(settings)
    CORS(app, **config)
    cors_only_with_origin(app)
    app.after_request(vary_on_origin)
    app.extensions["gateway_cors"] = CorsHeaders(app, config)


def cors_only_with_origin(app: Flask) -> None:
    """Run flask-cors' response hook only for a request that names an Origin: without one
    it adds nothing (always_send=False), yet matched every path against its resources."""
    hooks = app.after_request_funcs[None]
    cors = hooks[-1]

    def _cors(response: Response) -> Response:
        return cors(response) if "HTTP_ORIGIN" in request.environ else response

    hooks[-1] = _cors


def varies_without_origin(origin: str | None, path: str) -> bool:
    """Whether an answer says `Vary: Origin` though flask-cors added nothing (no Origin)."""
    return not origin and path.startswith("/api/")


def vary_on_origin(response: Response) -> Response:
    """Say that /api answers depend on Origin even when none was sent (flask-cors adds it when
    one was), so a shared HTTP cache never hands a browser an answer without its CORS headers."""
    if varies_without_origin(request.headers.get("Origin"), request.path):
        response.headers.add(*VARY_ON_ORIGIN)
    return response


class CorsHeaders:
    """What `vary_on_origin` and flask-cors' hook add to an answer, from the WSGI environ."""

    def __init__(self, app: Flask, config: dict) -> None:
        # as CORS.init_app resolves them: each resource's options over the app-wide ones
        self.resources = [
            (pattern, get_cors_options(app, config, options))
            for pattern, options in parse_resources(config["resources"])
        ]

    def added(self, environ: dict, allowed_origin: str | None) -> list[tuple[str, str]]:
        """The headers the Flask app's hooks would add, in their order, to an answer whose own
        `Access-Control-Allow-Origin` is `allowed_origin` (an error answer may have it)."""
        path = environ["PATH_INFO"]
        added = [VARY_ON_ORIGIN] if varies_without_origin(environ.get("HTTP_ORIGIN"), path) else []
        if "HTTP_ORIGIN" in environ and not allowed_origin:  # flask-cors' hook skips it then
            added += self.flask_cors(environ, path)
        return added

    def flask_cors(self, environ: dict, path: str) -> list[tuple[str, str]]:
        """flask-cors' headers for the first resource the path matches (as its hook reads
        `request.path`), as `set_cors_headers` adds them."""
        path = unquote(path)
        for pattern, options in self.resources:
            if try_match_pattern(path, pattern, caseSensitive=True):
                found = get_cors_headers(
                    options, EnvironHeaders(environ), environ["REQUEST_METHOD"]
                )
                return [(name, str(value)) for name, value in found.items()]
        return []
