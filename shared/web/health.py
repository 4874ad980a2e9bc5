"""/healthz, /readyz and /metrics for every HTTP process."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable

from flask import Blueprint, Flask, Response, current_app, jsonify
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

from shared.web.problems import problem

Check = Callable[[], None]


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
    results = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as err:  # noqa: BLE001 - any failure means not ready
            results[name] = f"failed: {type(err).__name__}: {err}"[:300]
    return results


bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    results = run_checks(current_app.extensions.get("mall_checks", {}))
    if all(v == "ok" for v in results.values()):
        return jsonify(status="ready", checks=results)
    return problem(503, "not_ready", "Service Unavailable", "A dependency is down.", checks=results)


@bp.get("/metrics")
def metrics():
    return metrics_response()


def install_health(app: Flask, checks: dict[str, Check]) -> None:
    app.extensions["mall_checks"] = checks
    app.register_blueprint(bp)
