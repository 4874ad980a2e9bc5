"""A worker's /healthz and /readyz (for Kubernetes probes) beside its Prometheus /metrics."""

from __future__ import annotations

import threading
from collections.abc import Callable
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # the base class's signature
        """Probes every few seconds would drown the worker's own log."""


def health_app(alive: Callable[[], bool]):
    """/healthz and /readyz: 200 while every loop of the worker runs, else 503; other paths
    are Prometheus metrics. A worker takes no requests, so ready means alive."""
    metrics = make_wsgi_app()

    def app(environ, start_response):
        if environ.get("PATH_INFO") in ("/healthz", "/readyz"):
            ok = alive()
            start_response(
                "200 OK" if ok else "503 Service Unavailable", [("Content-Type", "text/plain")]
            )
            return [b"ok\n" if ok else b"a loop of this worker stopped\n"]
        return metrics(environ, start_response)

    return app


def serve_health_and_metrics(port: int, addr: str, alive: Callable[[], bool]) -> None:
    """Serve health and metrics on addr:port from a daemon thread."""
    server = make_server(
        addr, port, health_app(alive), ThreadingWSGIServer, handler_class=_QuietHandler
    )
    threading.Thread(target=server.serve_forever, name="worker-health", daemon=True).start()
