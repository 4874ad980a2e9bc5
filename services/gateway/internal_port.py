"""Readiness and metrics at the gateway: for the internal port, or for ops.

The gateway's own port faces the internet. `/readyz` calls three services per request and
`/metrics` describes the traffic, so on the public port both answer ops only; monitoring
reads them on `GATEWAY_INTERNAL_PORT`, a listener that is never published. Which listener a
request came through is never read from the Host header a caller chooses: under the mall's
web server (`services/mallctl/web_server.py`) each listener has its own server process, which
knows the port it serves (WEB_LISTEN_PORT, set by that launcher); under a server with several
listeners in one process (werkzeug in tests) it is read from the accepted socket.
"""

from __future__ import annotations

import os

from flask import Flask, request

from services.gateway.callers import resolve_principal
from shared.errors import Forbidden, Unauthenticated

OPS_ONLY_PATHS = frozenset({"/readyz", "/metrics"})
SOCKET_KEYS = ("gunicorn.socket", "werkzeug.socket")
LISTEN_PORT_ENV = "WEB_LISTEN_PORT"  # services.mallctl.web_server.LISTEN_PORT_ENV


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
    served = int(os.environ.get(LISTEN_PORT_ENV) or 0)  # one process, one listener
    if internal_port and served == internal_port:
        return  # this process serves the internal port only: nothing to guard
    on_internal = arrived_on if internal_port and not served else (lambda _port: False)

    @app.before_request
    def _ops_or_internal_port() -> None:
        if request.path not in OPS_ONLY_PATHS:
            return
        if on_internal(internal_port):
            return
        principal = resolve_principal()
        if principal.role == "anonymous":
            raise Unauthenticated("Sign in as ops, or use the gateway's internal port.")
        if principal.role != "ops":
            raise Forbidden(f"A {principal.role} may not use this path.")
