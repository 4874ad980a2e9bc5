"""Readiness and metrics at the gateway: for the internal port, or for ops.

The gateway's own port faces the internet. `/readyz` calls three services per request and
`/metrics` describes the traffic, so on the public port both answer ops only; monitoring
reads them on `GATEWAY_INTERNAL_PORT`, a second listener of the same process that is never
published. Which listener a request came through is read from its socket, never from the
Host header a caller chooses.
"""

from __future__ import annotations

from flask import Flask, request

from services.gateway.callers import resolve_principal
from shared.errors import Forbidden, Unauthenticated

OPS_ONLY_PATHS = frozenset({"/readyz", "/metrics"})
SOCKET_KEYS = ("gunicorn.socket", "werkzeug.socket")


def arrived_on(port: int) -> bool:
    """Whether the request's connection was accepted on `port` of this host."""
    for key in SOCKET_KEYS:
        sock = request.environ.get(key)
        if sock is not None:
            try:
                return sock.getsockname()[1] == port
            except (OSError, IndexError, TypeError):
                return False
    return False


def install_internal_paths(app: Flask, internal_port: int) -> None:
    @app.before_request
    def _ops_or_internal_port() -> None:
        if request.path not in OPS_ONLY_PATHS:
            return
        if internal_port and arrived_on(internal_port):
            return
        principal = resolve_principal()
        if principal.role == "anonymous":
            raise Unauthenticated("Sign in as ops, or use the gateway's internal port.")
        if principal.role != "ops":
            raise Forbidden(f"A {principal.role} may not use this path.")
