"""A worker answers Kubernetes probes on its metrics port: 503 once a loop has stopped."""

from __future__ import annotations

import socket

import requests

from shared.worker_health import serve_health_and_metrics


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_probes_follow_the_loops_and_metrics_stay_beside_them():
    port, state = free_port(), {"alive": True}
    serve_health_and_metrics(port, "127.0.0.1", alive=lambda: state["alive"])
    base = f"http://127.0.0.1:{port}"
    assert requests.get(f"{base}/healthz", timeout=3).status_code == 200
    assert requests.get(f"{base}/readyz", timeout=3).status_code == 200
    assert "python_info" in requests.get(f"{base}/metrics", timeout=3).text
    state["alive"] = False
    assert requests.get(f"{base}/healthz", timeout=3).status_code == 503
    assert requests.get(f"{base}/readyz", timeout=3).status_code == 503
