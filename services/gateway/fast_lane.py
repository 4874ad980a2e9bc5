"""The fast lane: proxied requests answered in plain WSGI, without a Flask request.

Flask's own request handling (its request and app contexts, the URL map, the hooks and the
context-local lookups) cost the gateway more CPU per proxied request than the caller check,
the limits and the call to the service together (services/gateway/README.md, Benchmarks).
The lane does for a plain proxied request what the Flask app does, with the same code: the
request id and its logs, `Caller` (credentials verified once), `RateLimits.check`,
`forwarding.check_role` and `forwarding.answer`, errors rendered by the app's own error
handlers, the CORS headers and `Vary: Origin` (`cors.py`), `Server-Timing`,
`X-Request-Id` and the latency histogram.

Anything else goes to Flask untouched, decided before anything is counted or verified: the
gateway's own endpoints, preflights (OPTIONS), a path no route serves or that is not plain
ASCII, a NUL in the query, a body without a plain `Content-Length` or over the limit, and a
JSON body the app's guard would refuse.
"""

from __future__ import annotations

import io
import time

from flask import Flask, Response
from flask_cors.core import ACL_ORIGIN
from werkzeug.http import HTTP_STATUS_CODES

from services.gateway import server_timing
from services.gateway.callers import Caller
from services.gateway.entrypoints.proxy import METHODS, RULES
from services.gateway.forwarding import Outgoing, answer, check_role
from services.gateway.latency_tally import LatencyTally
from services.gateway.ratelimit import too_many
from services.gateway.routes import Route, find_route
from shared.logs import request_id_var
from shared.web.json_body import holds_nul, too_deep
from shared.web.request_context import request_id_for

PREFIX = "/api/v1/"
PROXY_ENDPOINT = "proxy.proxy"
# answers werkzeug sends without a body or rewrites the headers of: left to a Response object
_SPECIAL = frozenset({204, 304})
_DEFAULT_CONTENT_TYPE = "text/html; charset=utf-8"  # Flask's Response, when none is given


def is_json(content_type: str) -> bool:
    """werkzeug's `Request.is_json`, on the header itself."""
    mimetype = content_type.partition(";")[0].strip().lower()
    return mimetype == "application/json" or (
        mimetype.startswith("application/") and mimetype.endswith("+json")
    )


def status_line(code: int) -> str:
    """The status line werkzeug gives a status code."""
    return f"{code} {HTTP_STATUS_CODES.get(code, 'unknown').upper()}"


class FastLane:
    """WSGI middleware in front of the gateway's Flask app (`flask_app`, its `wsgi_app`)."""

    def __init__(self, app: Flask, flask_app) -> None:
        extensions = app.extensions
        self.app = app
        self.flask_app = flask_app
        self.extensions = extensions
        self.upstreams = extensions["gateway_upstreams"]
        self.cache = extensions["gateway_cache"]
        self.limits = extensions.get("gateway_rate_limits")
        self.cors = extensions["gateway_cors"]
        self.max_body = app.config["MAX_CONTENT_LENGTH"]
        # Paths the app may route elsewhere than the proxy view are matched as Flask would.
        self.adapter = app.url_map.bind("gateway")
        self.own_prefixes = tuple(
            rule.rule.partition("<")[0]
            for rule in app.url_map.iter_rules()
            if rule.endpoint != PROXY_ENDPOINT and rule.rule.startswith(PREFIX)
        )
        self.latency = LatencyTally("gateway", RULES[0])  # as Flask's hook labels it
        self.methods = frozenset(METHODS)

    def __call__(self, environ: dict, start_response):
        admitted = self.admit(environ)
        if admitted is None:
            return self.flask_app(environ, start_response)
        return self.serve(environ, start_response, *admitted)

    def admit(self, environ: dict) -> tuple[Route, bytes] | None:
        """The request's route and body if the lane answers it, None to leave it to Flask.

        Reads nothing but the body (given back to the stream for Flask) and changes nothing.
        """
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        if (
            method not in self.methods
            or not path.startswith(PREFIX)
            or environ.get("SCRIPT_NAME")
            or not (path.isascii() and query.isascii())
            or "%00" in query
            or "\x00" in query
            or "HTTP_TRANSFER_ENCODING" in environ
        ):
            return None
        if path.startswith(self.own_prefixes) and not self.routed_to_proxy(method, path):
            return None
        route = find_route(method, path)
        if route is None:
            return None
        length = environ.get("CONTENT_LENGTH") or "0"
        if not (length.isascii() and length.isdigit() and int(length) <= self.max_body):
            return None
        size = int(length)
        body = environ["wsgi.input"].read(size) if size else b""
        if len(body) != size or (
            is_json(environ.get("CONTENT_TYPE", "")) and (too_deep(body) or holds_nul(body))
        ):
            environ["wsgi.input"] = io.BytesIO(body)  # Flask reads it and answers as ever
            return None
        return route, body

    def routed_to_proxy(self, method: str, path: str) -> bool:
        try:
            return self.adapter.match(path, method)[0] == PROXY_ENDPOINT
        except Exception:  # noqa: BLE001 - a redirect, 404 or 405: Flask answers it
            return False

    def serve(self, environ: dict, start_response, route: Route, body: bytes):
        started = time.perf_counter()
        method = environ["REQUEST_METHOD"]
        request_id = request_id_for(environ.get("HTTP_X_REQUEST_ID", ""))
        logged_as = request_id_var.set(request_id)
        counted = server_timing.begin()
        try:
            try:
                status, headers, out = self.reply(environ, route, body, request_id)
            except Exception as err:  # noqa: BLE001 - the app's error handlers answer it
                response = self.error_response(environ, err)
            else:
                if status in _SPECIAL or any(k.lower() == "location" for k, _ in headers):
                    response = Response(out, status=status, headers=headers)
                else:
                    response = None
            if response is not None:
                status = response.status_code
            timing = server_timing.header(
                time.perf_counter() - started, server_timing.upstream_seconds()
            )
            # a service's own Access-Control-* never passes (forwarding.PASSED_RESPONSE_HEADERS);
            # an error answer has them when the app's handlers (flask-cors wraps them) added them
            allowed = response.headers.get(ACL_ORIGIN) if response is not None else None
            extra = self.cors.added(environ, allowed)
            extra += [("X-Request-Id", request_id), ("Server-Timing", timing)]
            self.latency.observe(method, status, time.perf_counter() - started)
            if response is not None:
                self.cors.vary(environ, response.headers)
                for name, value in extra:
                    response.headers.add(name, value)
                return response(environ, start_response)
            if not any(k.lower() == "content-type" for k, _ in headers):
                headers.append(("Content-Type", _DEFAULT_CONTENT_TYPE))
            headers.append(("Content-Length", str(len(out))))
            self.cors.vary(environ, headers)
            start_response(status_line(status), headers + extra)
            return [] if method == "HEAD" or status < 200 else [out]
        finally:
            server_timing.end(counted)
            request_id_var.reset(logged_as)

    def reply(self, environ: dict, route: Route, body: bytes, request_id: str):
        """(status, headers, body), or a Response the app's own code made (a 429)."""
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        caller = Caller(
            environ.get("HTTP_AUTHORIZATION", ""),
            environ.get("HTTP_X_API_KEY"),
            self.extensions,
            request_id,
        )
        if self.limits is not None:
            refused = self.limits.check(caller, environ.get("REMOTE_ADDR"), method, path)
            if refused is not None:
                raise _Refused(refused)
        principal = caller.principal()
        check_role(route, principal, method, path)
        target = f"{path}?{environ.get('QUERY_STRING', '')}".rstrip("?")
        call = Outgoing(method, target, environ, lambda: body, request_id)
        return answer(self.upstreams, self.cache, route, principal, call)

    def error_response(self, environ: dict, err: Exception) -> Response:
        """The answer the Flask app gives for `err` (problem+json), rendered by its handlers."""
        with self.app.request_context(environ):
            if isinstance(err, _Refused):
                return too_many(*err.refusal)
            return self.app.handle_user_exception(err)


class _Refused(Exception):
    """A budget is spent: answered 429 by `ratelimit.too_many`, in the app's context."""

    def __init__(self, refusal) -> None:
        super().__init__("rate limited")
        self.refusal = refusal
