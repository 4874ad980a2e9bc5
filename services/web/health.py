"""/healthz, /readyz (the gateway answers) and /metrics, like every process of the mall."""

from __future__ import annotations

import time

import requests
from flask import Flask, g, request

from shared.metrics import HTTP_LATENCY
from shared.web.health import metrics_response


def install(app: Flask) -> None:
    settings = app.extensions["web_settings"]

    @app.before_request
    def _start():
        g.started = time.perf_counter()

    @app.after_request
    def _observe(resp):
        if "started" in g:
            rule = request.url_rule.rule if request.url_rule else "unmatched"
            HTTP_LATENCY.labels("web", request.method, rule, str(resp.status_code)).observe(
                time.perf_counter() - g.started
            )
        return resp

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.get("/readyz")
    def readyz():
        try:
            up = requests.get(f"{settings.gateway_url}/healthz", timeout=2).status_code == 200
        except requests.RequestException:
            up = False
        return (
            ({"status": "ready", "gateway": "ok"}, 200)
            if up
            else (
                {"status": "unavailable", "gateway": "unreachable"},
                503,
                {"Retry-After": "5"},
            )
        )

    @app.get("/metrics")
    def metrics():
        return metrics_response()
