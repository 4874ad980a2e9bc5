"""Forward every routed path to its service as the verified caller.

Most proxied requests never reach this view: the fast lane (`fast_lane.py`) answers them
without Flask. This view answers the rest (a body the lane does not read, a path no route
serves, a JSON body the app's guard refuses) the same way, through the same `forwarding.answer`.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, request

from services.gateway.callers import resolve_principal
from services.gateway.forwarding import Outgoing, answer, check_role
from services.gateway.routes import Route, find_route
from shared.principal import ANONYMOUS, Principal

bp = Blueprint("proxy", __name__)
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]
RULES = ("/api/v1/<path:_rest>", "/internal/<path:_rest>")


def authorize(route: Route | None) -> Principal:
    """Return the verified caller if its role may use this route, else raise 401/403 (404
    when no route serves the path)."""
    principal = resolve_principal() if route is not None else ANONYMOUS  # 404 comes first
    check_role(route, principal, request.method, request.path)
    return principal


@bp.route(RULES[0], methods=METHODS)
@bp.route(RULES[1], methods=METHODS)
def proxy(_rest: str) -> Response:
    """Check the caller's role for the path, then forward it (public reads from the cache)."""
    route = find_route(request.method, request.path)
    principal = authorize(route)
    call = Outgoing(
        request.method,
        request.full_path.rstrip("?"),
        request.environ,
        request.get_data,
        g.get("request_id"),
    )
    extensions = current_app.extensions
    status, headers, body = answer(
        extensions["gateway_upstreams"], extensions["gateway_cache"], route, principal, call
    )
    return Response(body, status=status, headers=headers)
