"""The running mall is observable: metrics on every process, readiness, JSON logs."""

from __future__ import annotations

import json
import re

import pytest

from tests.ops.live import families, ops, post
from tests.ops.stack import GATEWAY_INTERNAL_PORT, WEB_PORTS, WORKER_PORTS, gateway_url, get
from tests.support.kafka import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]
VOUCHER_COUNTERS = ("voucher_claims_total", "voucher_redemptions_total")


MONITORED_PORTS = {**WEB_PORTS, "gateway": GATEWAY_INTERNAL_PORT}


def test_every_process_serves_its_metrics(mall):
    for name, port in MONITORED_PORTS.items():
        assert "http_request_duration_seconds" in families(port), name
    for name in ("merchant", "catalog", "voucher"):
        assert "outbox_backlog" in families(WORKER_PORTS[name]), name
    for name in ("gateway", "catalog", "voucher"):
        assert "consumer_lag" in families(WORKER_PORTS[name]), name
    get(gateway_url("/api/v1/products"), params={"limit": 3})
    assert "cache_requests_total" in families(WEB_PORTS["catalog"]) | families(
        GATEWAY_INTERNAL_PORT
    )


def test_web_metrics_sum_over_every_web_server_worker(mall):
    port = WEB_PORTS["merchant"]

    def healthz_count() -> float:
        text = get(f"http://127.0.0.1:{port}/metrics").text
        counts = re.findall(
            r'^http_request_duration_seconds_count\{[^}]*endpoint="/healthz"[^}]*\} (\S+)$',
            text,
            re.MULTILINE,
        )
        return sum(float(c) for c in counts)

    before = healthz_count()
    for _ in range(20):
        assert get(f"http://127.0.0.1:{port}/healthz").status_code == 200
    # Two workers answer in turn: a per-worker registry would show about half.
    assert healthz_count() - before == 20


def test_voucher_service_counts_claims_and_redemptions(mall):
    found = families(WEB_PORTS["voucher"]) | families(WORKER_PORTS["voucher"])
    missing = [c for c in VOUCHER_COUNTERS if c not in found]
    assert not missing, f"voucher metrics missing: {missing}"


def test_readiness_and_metrics_reflect_a_stopped_redis(mall, private_redis):
    def ready(port: int) -> int:
        return get(f"http://127.0.0.1:{port}/readyz").status_code

    private_redis.stop()
    try:
        assert wait_until(
            lambda: all(ready(p) == 503 for p in MONITORED_PORTS.values()), timeout=30
        )
        body = get(f"http://127.0.0.1:{GATEWAY_INTERNAL_PORT}/readyz").json()
        assert body["code"] == "not_ready" and body["checks"]["redis"] == "failed"
        assert get(f"http://127.0.0.1:{WEB_PORTS['gateway']}/readyz").status_code == 401
        assert get(f"http://127.0.0.1:{WEB_PORTS['catalog']}/metrics").status_code == 200
    finally:
        private_redis.start()
    assert wait_until(lambda: all(ready(p) == 200 for p in MONITORED_PORTS.values()), timeout=30)


def test_logs_are_json_lines_carrying_request_and_event_ids(mall):
    rid = f"{mall.marker}-trace"
    resp = post("/api/v1/ops/voucher-gate/rebuild", {**ops(), "X-Request-Id": rid}, {})
    assert resp.status_code == 200 and resp.headers["X-Request-Id"] == rid

    def records() -> list[dict]:
        # One log file per process (supervisord), each line the process's own JSON.
        lines = [
            line
            for log in (mall.run_dir / "logs").glob("*.log")
            for line in log.read_text(errors="replace").splitlines()
        ]
        return [json.loads(line) for line in lines if line.startswith("{")]

    traced = wait_until(lambda: [r for r in records() if r.get("request_id") == rid])
    assert traced and traced[0]["service"] == "voucher"
    assert any(r.get("event_id") for r in records())
