"""Forward every routed path to its service as the verified caller."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, request

from services.gateway.callers import resolve_principal
from services.gateway.errors import UnknownPath
from services.gateway.locations import public_location
from services.gateway.response_cache import ResponseCache
from services.gateway.routes import Route, decide, find_route
from services.gateway.upstream import UpstreamResponse, Upstreams
from shared.errors import Forbidden, Unauthenticated
from shared.principal import Principal

bp = Blueprint("proxy", __name__)
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]
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


def authorize(route: Route | None) -> Principal:
    """Return the verified caller if its role may use this route, else raise 401/403 (404
    when no route serves the path)."""
    if route is None:
        raise UnknownPath(f"There is no {request.method} {request.path} at this gateway.")
    principal = resolve_principal()
    verdict = decide(principal.role, route)
    if verdict == "unauthenticated":
        raise Unauthenticated("Sign in to do this.")
    if verdict == "forbidden":
        raise Forbidden(f"A {principal.role} may not use this path.")
    return principal


def forward_headers() -> dict[str, str]:
    headers = {k: v for k, v in request.headers.items() if k.lower() not in DROPPED_REQUEST_HEADERS}
    headers["X-Forwarded-For"] = request.remote_addr or ""
    return headers


def as_flask(resp: UpstreamResponse) -> Response:
    """The service's answer with the headers a caller may see (one pass over what came)."""
    passed = [(k, v) for k, v in resp.header_list if k.lower() in PASSED_RESPONSE_HEADERS]
    if any(k.lower() == "location" for k, _ in passed):
        passed = hide_service_locations(passed)
    return Response(resp.content, status=resp.status_code, headers=passed)


def hide_service_locations(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    urls = list(current_app.extensions["gateway_upstreams"].urls.values())
    out = []
    for name, value in headers:
        if name.lower() == "location" and (value := public_location(value, urls)) is None:
            continue
        out.append((name, value))
    return out


def forward(service: str, principal: Principal) -> UpstreamResponse:
    """Send the current request on to `service` as `principal`."""
    upstreams: Upstreams = current_app.extensions["gateway_upstreams"]
    return upstreams.request(
        service,
        request.method,
        request.full_path.rstrip("?"),
        principal,
        data=request.get_data() or None,
        headers=forward_headers(),
        request_id=g.get("request_id"),
    )


def forward_for_cache(service: str, principal: Principal) -> dict:
    resp = forward(service, principal)
    return {
        "status": resp.status_code,
        "body": resp.text,
        "content_type": resp.headers.get("Content-Type", "application/json"),
    }


@bp.route("/api/v1/<path:_rest>", methods=METHODS)
@bp.route("/internal/<path:_rest>", methods=METHODS)
def proxy(_rest: str) -> Response:
    """Check the caller's role for the path, then forward it (public reads from the cache)."""
    method, path = request.method, request.path
    route = find_route(method, path)
    principal = authorize(route)
    cache: ResponseCache = current_app.extensions["gateway_cache"]
    namespace = cache.namespace_for(method, path, principal)
    if namespace is None:
        return as_flask(forward(route.service, principal))
    query = request.query_string.decode("latin-1")
    cached = cache.fetch(
        namespace, path, query, lambda: forward_for_cache(route.service, principal)
    )
    return Response(cached["body"], status=cached["status"], content_type=cached["content_type"])
