"""Readiness and metrics: ops only on the public port, open on the internal one; counted by
the rate limits; a 503 that names no internals."""

from __future__ import annotations

import threading

import pytest
import requests
from werkzeug.serving import make_server

from tests.gateway.helpers import bearer
from tests.gateway.processes import free_port


@pytest.fixture
def listening(make_gateway):
    """One gateway app behind two real listeners: its public port and its internal port."""
    servers = []

    def start(**overrides) -> tuple[str, str]:
        internal = free_port()
        app = make_gateway(internal_port=internal, **overrides)
        urls = []
        for port in (0, internal):
            server = make_server("127.0.0.1", port, app, threaded=True)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
            urls.append(f"http://127.0.0.1:{server.server_port}")
        return urls[0], urls[1]

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_the_public_port_serves_readiness_and_metrics_to_ops_only(listening):
    public, _ = listening()
    assert requests.get(f"{public}/healthz", timeout=5).status_code == 200
    for path in ("/readyz", "/metrics"):
        anonymous = requests.get(public + path, timeout=5)
        assert anonymous.status_code == 401, path
        assert anonymous.headers["Content-Type"] == "application/problem+json"
        assert requests.get(public + path, headers=bearer(), timeout=5).status_code == 403
        ops = requests.get(public + path, headers=bearer("ops", "ops-1"), timeout=5)
        assert ops.status_code == 200, path
    spoofed = requests.get(f"{public}/readyz", headers={"Host": "127.0.0.1:1"}, timeout=5)
    assert spoofed.status_code == 401


def test_the_internal_port_serves_them_to_monitoring(listening):
    _, internal = listening()
    assert requests.get(f"{internal}/readyz", timeout=5).json()["status"] == "ready"
    metrics = requests.get(f"{internal}/metrics", timeout=5)
    assert metrics.status_code == 200 and "http_request_duration_seconds" in metrics.text


def test_readiness_is_rate_limited_and_a_burst_costs_the_services_one_round(listening, standins):
    _, internal = listening(rate_limit_ip="4/minute")
    codes = [requests.get(f"{internal}/readyz", timeout=5).status_code for _ in range(6)]
    assert codes == [200] * 4 + [429] * 2
    assert standins["voucher"].health_checks <= 2  # answers are reused for a second


def test_not_ready_names_the_failed_check_but_no_internals(listening, standins):
    _, internal = listening(
        voucher_url=f"http://127.0.0.1:{free_port()}", redis_url="redis://127.0.0.1:1/0"
    )
    resp = requests.get(f"{internal}/readyz", timeout=10)
    assert resp.status_code == 503 and resp.json()["code"] == "not_ready"
    assert resp.json()["checks"]["upstream_voucher"] == "failed"
    assert resp.json()["checks"]["upstream_catalog"] == "ok"
    for leak in ("127.0.0.1", "Error", "refused", "Connection"):
        assert leak not in resp.text, leak
