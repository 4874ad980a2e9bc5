"""`Server-Timing` on every answer: the gateway's own time and the time spent upstream.

Operators can see the split from any client (browsers show it in their network panel):
`Server-Timing: gateway;dur=0.84, upstream;dur=12.30`, milliseconds. `gateway` is the whole
request as the app saw it minus what the services took; a cached answer has `upstream;dur=0`.

The upstream total lives in a context variable, not in Flask's `g`: the fast lane
(`fast_lane.py`) serves most proxied requests without a Flask request context.
"""

from __future__ import annotations

import time
from contextvars import ContextVar, Token

from flask import Flask, Response, g

# seconds spent in service calls during the current request (a list: added to in place)
_UPSTREAM: ContextVar[list[float] | None] = ContextVar("gateway_upstream", default=None)


def begin() -> Token:
    """Start counting the current request's service calls; `end` with the token."""
    return _UPSTREAM.set([0.0])


def end(token: Token) -> None:
    _UPSTREAM.reset(token)


def note_upstream(seconds: float) -> None:
    """Add one service call's time to the current request's upstream total."""
    spent = _UPSTREAM.get()
    if spent is not None:
        spent[0] += seconds


def upstream_seconds() -> float:
    spent = _UPSTREAM.get()
    return spent[0] if spent is not None else 0.0


def header(total: float, upstream: float) -> str:
    own = max(0.0, total - upstream)
    return f"gateway;dur={own * 1000:.2f}, upstream;dur={upstream * 1000:.2f}"


def install_server_timing(app: Flask) -> None:
    """Add the header after everything else the gateway does (registered last)."""

    @app.before_request
    def _count_upstream() -> None:
        g.upstream_token = begin()

    @app.after_request
    def _server_timing(response: Response) -> Response:
        started = g.get("started")
        if started is not None:
            total = time.perf_counter() - started
            response.headers["Server-Timing"] = header(total, upstream_seconds())
        return response

    @app.teardown_request
    def _stop_counting(_exc) -> None:
        token = g.pop("upstream_token", None)
        if token is not None:
            end(token)
