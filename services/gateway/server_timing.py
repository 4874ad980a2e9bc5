"""`Server-Timing` on every answer: the gateway's own time and the time spent upstream.

Operators can see the split from any client (browsers show it in their network panel):
`Server-Timing: gateway;dur=0.84, upstream;dur=12.30`, milliseconds. `gateway` is the whole
request as the app saw it minus what the services took; a cached answer has `upstream;dur=0`.
"""

from __future__ import annotations

import time

from flask import Flask, Response, g, has_request_context


def note_upstream(seconds: float) -> None:
    """Add one service call's time to the current request's upstream total."""
    if has_request_context():
        g.upstream_seconds = g.get("upstream_seconds", 0.0) + seconds


def header(total: float, upstream: float) -> str:
    own = max(0.0, total - upstream)
    return f"gateway;dur={own * 1000:.2f}, upstream;dur={upstream * 1000:.2f}"


def install_server_timing(app: Flask) -> None:
    """Add the header after everything else the gateway does (registered last)."""

    @app.after_request
    def _server_timing(response: Response) -> Response:
        started = g.get("started")
        if started is not None:
            total = time.perf_counter() - started
            response.headers["Server-Timing"] = header(total, g.get("upstream_seconds", 0.0))
        return response
