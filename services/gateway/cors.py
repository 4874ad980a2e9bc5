"""CORS on /api: flask-cors on the Flask path, and the very same headers for the fast lane.

The fast lane answers without a Flask request, so flask-cors' response hook (which reads
Flask's `request`) cannot run there. `CorsHeaders` runs flask-cors' own functions instead
(`get_cors_headers` on the options `get_cors_options` resolves from the same configuration,
for the resource the hook would match), so an allowed origin and a refused one stay
flask-cors' (tests/gateway/test_fast_lane.py compares both paths byte for byte).

`Vary: Origin` is ours, not flask-cors': every answer on a CORS resource depends on Origin
(the CORS headers come only for an allowed one), yet flask-cors names it only for an allowed
origin among several. So a shared cache never hands a browser an answer made for another
origin (or for none), `add_vary_origin` gives it to them all, once, on both paths.
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
        "always_send": False,  # no Origin, no CORS: nothing to add but our Vary
        "vary_header": False,  # `add_vary_origin` names Origin on every answer, not some
    }


def install_cors(app: Flask, settings: GatewaySettings) -> None:
    """flask-cors on the app, run only for requests with an Origin, then `Vary: Origin`;
    `app.extensions["gateway_cors"]` gives the lane the same headers."""
    config = cors_config(settings)
    CORS(app, **config)
    cors_only_with_origin(app)
    cors = CorsHeaders(app, config)
    app.after_request(cors.vary_on_origin)
    app.extensions["gateway_cors"] = cors


def cors_only_with_origin(app: Flask) -> None:
    """Run flask-cors' response hook only for a request that names an Origin: without one
    it adds nothing (always_send=False), yet matched every path against its resources."""
    hooks = app.after_request_funcs[None]
    cors = hooks[-1]

    def _cors(response: Response) -> Response:
        return cors(response) if "HTTP_ORIGIN" in request.environ else response

    hooks[-1] = _cors


def add_vary_origin(headers) -> None:
    """Name Origin once among the Vary values of `headers` (werkzeug's `Headers` or a list of
    pairs): in the answer's first Vary line, its other Vary lines folded into it (some caches
    read only the first), or in a line of its own; nothing when they name it or `*` already."""
    at, values = None, []
    for index, (name, value) in enumerate(headers):
        if name.lower() == "vary":
            at = index if at is None else at
            values += [v.strip() for v in value.split(",") if v.strip()]
    if any(v == "*" or v.lower() == "origin" for v in values):
        return
    if at is None:
        headers.extend([VARY_ON_ORIGIN])
        return
    headers[at] = ("Vary", ", ".join([*values, "Origin"]))
    for index in range(len(headers) - 1, at, -1):
        if headers[index][0].lower() == "vary":
            del headers[index]


class CorsHeaders:
    """What flask-cors' hook and `vary_on_origin` add to an answer, from the WSGI environ."""

    def __init__(self, app: Flask, config: dict) -> None:
        # as CORS.init_app resolves them: each resource's options over the app-wide ones
        self.resources = [
            (pattern, get_cors_options(app, config, options))
            for pattern, options in parse_resources(config["resources"])
        ]

    def resource(self, path: str):
        """The options of the first resource `path` matches, as flask-cors' hook matches
        `request.path`; None when CORS does not apply to it."""
        path = unquote(path)
        for pattern, options in self.resources:
            if try_match_pattern(path, pattern, caseSensitive=True):
                return options
        return None

    def vary_on_origin(self, response: Response) -> Response:
        """The Flask hook: `Vary: Origin` on every answer CORS applies to (`add_vary_origin`)."""
        if self.resource(request.path) is not None:
            add_vary_origin(response.headers)
        return response

    def vary(self, environ: dict, headers) -> None:
        """The lane's `vary_on_origin`, on the answer's headers before the CORS ones."""
        if self.resource(environ["PATH_INFO"]) is not None:
            add_vary_origin(headers)

    def added(self, environ: dict, allowed_origin: str | None) -> list[tuple[str, str]]:
        """flask-cors' headers, as its hook adds them, to an answer whose own
        `Access-Control-Allow-Origin` is `allowed_origin` (an error answer may have it)."""
        if "HTTP_ORIGIN" not in environ or allowed_origin:  # the hook adds nothing then
            return []
        options = self.resource(environ["PATH_INFO"])
        if options is None:
            return []
        found = get_cors_headers(options, EnvironHeaders(environ), environ["REQUEST_METHOD"])
        return [(name, str(value)) for name, value in found.items()]
