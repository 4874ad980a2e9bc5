"""/healthz, /readyz and /metrics for every HTTP process."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable

from flask import Blueprint, Flask, Response, current_app, jsonify
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

from shared.web.problems import problem

logger = logging.getLogger(__name__)
Check = Callable[[], None]
READY_TTL = 1.0  # seconds a readiness answer is reused


def kafka_check(bootstrap: str, timeout: float = 1.0) -> Check:
    """Ready when at least one bootstrap broker accepts a connection."""

    def check() -> None:
        last: Exception | None = None
        for server in bootstrap.split(","):
            host, _, port = server.strip().rpartition(":")
            try:
                socket.create_connection((host, int(port)), timeout=timeout).close()
                return
            except OSError as err:
                last = err
        raise ConnectionError(f"no Kafka broker reachable: {last}")

    return check


def metrics_response() -> Response:
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def run_checks(checks: dict[str, Check]) -> dict[str, str]:
    """`ok` or `failed` per check; why it failed goes to the log, never into the answer
    (exception text names hosts, ports and users)."""
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as err:  # noqa: BLE001 - any failure means not ready
            logger.warning("readiness check %s failed: %s: %s", name, type(err).__name__, err)
            results[name] = "failed"
    return results


class RecentChecks:
    """The last results for a second: a burst of probes costs the dependencies one round."""

    def __init__(self, checks: dict[str, Check], ttl: float = READY_TTL) -> None:
        self.checks = checks
        self.ttl = ttl
        self._results: dict[str, str] = {}
        self._at = float("-inf")
        self._lock = threading.Lock()

    def results(self) -> dict[str, str]:
        with self._lock:
            if time.monotonic() - self._at > self.ttl:
                self._results = run_checks(self.checks)
                self._at = time.monotonic()
            return dict(self._results)


bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    results = current_app.extensions["mall_checks"].results()
    if all(v == "ok" for v in results.values()):
        return jsonify(status="ready", checks=results)
    return problem(503, "not_ready", "Service Unavailable", "A dependency is down.", checks=results)


@bp.get("/metrics")
def metrics():
    return metrics_response()


def install_health(app: Flask, checks: dict[str, Check]) -> None:
    app.extensions["mall_checks"] = RecentChecks(checks)
    app.register_blueprint(bp)
