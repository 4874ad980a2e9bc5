"""What a proxied request becomes: the role check, the cache or the service, and the answer's
headers. Framework-free, so that the Flask view (`entrypoints/proxy.py`) and the fast lane
(`fast_lane.py`) forward alike; both hand in the WSGI environ the request came with.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import NamedTuple

from services.gateway.errors import UnknownPath
from services.gateway.locations import public_location
from services.gateway.response_cache import ResponseCache
from services.gateway.routes import Route, decide
from services.gateway.upstream import UpstreamResponse, Upstreams
from shared.errors import Forbidden, Unauthenticated
from shared.principal import Principal

# Credentials stay at the gateway; hop-by-hop headers belong to one connection only.
DROPPED_REQUEST_HEADERS = frozenset(
    h.lower()
    for h in (
        "Authorization", "X-Api-Key", "X-Internal-Token", "Cookie", "Host", "Content-Length",
        "Connection", "Keep-Alive", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding",
        "Upgrade", "X-Request-Id", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
    )
)  # fmt: skip
PASSED_RESPONSE_HEADERS = frozenset(
    h.lower()
    for h in (
        "Content-Type", "Location", "ETag", "Last-Modified", "Cache-Control", "Retry-After",
        "Content-Disposition", "Idempotent-Replayed", "Deprecation", "Link",
    )
)  # fmt: skip
# WSGI environ keys of the request headers, as werkzeug's EnvironHeaders names them
_BODY_KEYS = {"CONTENT_TYPE": "Content-Type", "CONTENT_LENGTH": "Content-Length"}
_NOT_HEADERS = frozenset({"HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"})
# environ keys no request header can have: this process's environment but its HTTP_* names
_NEVER_HEADERS = frozenset(
    key for key in os.environ if not key.startswith("HTTP_") and key not in _BODY_KEYS
) | {"wsgi.input", "wsgi.errors", "wsgi.url_scheme", "PATH_INFO", "QUERY_STRING", "REMOTE_ADDR"}


class Outgoing(NamedTuple):
    """One request to pass on: `path` with its query, as the service will get it."""

    method: str
    path: str
    environ: Mapping  # the WSGI environ: headers, client address
    read_body: Callable[[], bytes]  # read only when the request goes out (not for a cached read)
    request_id: str | None


def check_role(route: Route | None, principal: Principal, method: str, path: str) -> None:
    """Raise 404 when no route serves the path, 401/403 when the caller's role may not use it."""
    if route is None:
        raise UnknownPath(f"There is no {method} {path} at this gateway.")
    verdict = decide(principal.role, route)
    if verdict == "unauthenticated":
        raise Unauthenticated("Sign in to do this.")
    if verdict == "forbidden":
        raise Forbidden(f"A {principal.role} may not use this path.")


def forward_headers(environ: Mapping) -> dict[str, str]:
    """The request's headers a service may see (named as werkzeug names them), and who sent it.

    Some servers (granian) copy the whole process environment into every request's environ:
    keys that can be no header are skipped in one set difference, not looked at one by one.
    Header order is not kept (nor significant between different names, RFC 9110 5.3).
    """
    headers = {}
    for key in environ.keys() - _NEVER_HEADERS:
        if key.startswith("HTTP_"):
            if key in _NOT_HEADERS:
                continue
            name = key[5:].replace("_", "-").title()
        elif key in _BODY_KEYS and environ[key]:
            name = _BODY_KEYS[key]
        else:
            continue
        if name.lower() not in DROPPED_REQUEST_HEADERS:
            headers[name] = environ[key]
    headers["X-Forwarded-For"] = environ.get("REMOTE_ADDR") or ""
    return headers


def forward(upstreams: Upstreams, service: str, call: Outgoing, principal: Principal):
    """Send the request on to `service` as `principal`."""
    return upstreams.request(
        service,
        call.method,
        call.path,
        principal,
        data=call.read_body() or None,
        headers=forward_headers(call.environ),
        request_id=call.request_id,
    )


def passed_headers(resp: UpstreamResponse, service_urls) -> list[tuple[str, str]]:
    """The service's headers a caller may see, in one pass over the lines that came (read as
    `UpstreamResponse.header_list` reads them)."""
    passed, location = [], False
    for line in resp.header_lines:
        name, sep, value = line.decode("latin-1").partition(":")
        if sep:
            name = name.strip()
            lower = name.lower()
            if lower in PASSED_RESPONSE_HEADERS:
                passed.append((name, value.strip()))
                location = location or lower == "location"
    return hide_service_locations(passed, service_urls) if location else passed


def hide_service_locations(headers: list[tuple[str, str]], service_urls) -> list[tuple[str, str]]:
    urls = list(service_urls)
    out = []
    for name, value in headers:
        if name.lower() == "location" and (value := public_location(value, urls)) is None:
            continue
        out.append((name, value))
    return out


def answer(
    upstreams: Upstreams, cache: ResponseCache, route: Route, principal: Principal, call: Outgoing
) -> tuple[int, list[tuple[str, str]], bytes]:
    """(status, headers, body) for a request whose caller may use `route`: anonymous reads of
    public families from the cache, everything else from the service."""
    bare_path, _, query = call.path.partition("?")
    namespace = cache.namespace_for(call.method, bare_path, principal)
    if namespace is None:
        resp = forward(upstreams, route.service, call, principal)
        return resp.status_code, passed_headers(resp, upstreams.urls.values()), resp.content

    def load() -> dict:
        resp = forward(upstreams, route.service, call, principal)
        return {
            "status": resp.status_code,
            "body": resp.text,
            "content_type": resp.headers.get("Content-Type", "application/json"),
        }

    cached = cache.fetch(namespace, bare_path, query, load)
    return cached["status"], [("Content-Type", cached["content_type"])], cached["body"].encode()
