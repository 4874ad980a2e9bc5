"""What operators rely on: request ids, readiness, metrics, no published secrets in production."""

from __future__ import annotations

import pytest

from shared.config import InsecureSettings, Settings
from tests.foundation.web.standin import make_app


def test_request_ids_are_kept_or_made(client):
    resp = client.get("/healthz", headers={"X-Request-Id": "abc-123"})
    assert resp.headers["X-Request-Id"] == "abc-123"
    made = client.get("/healthz").headers["X-Request-Id"]
    assert len(made) == 32
    assert (
        client.get("/healthz", headers={"X-Request-Id": "bad id with spaces"}).headers[
            "X-Request-Id"
        ]
        != "bad id with spaces"
    )


def test_readiness_fails_when_a_dependency_is_down(service_config):
    ok = make_app(service_config).test_client().get("/readyz")
    assert ok.status_code == 200 and ok.json["checks"] == {
        "database": "ok",
        "redis": "ok",
        "kafka": "ok",
    }
    down = make_app(
        service_config, {"redis_url": "redis://127.0.0.1:1/0", "kafka_bootstrap": "127.0.0.1:1"}
    ).test_client()
    resp = down.get("/readyz")
    assert resp.status_code == 503 and resp.json["code"] == "not_ready"
    assert resp.json["checks"]["redis"].startswith("failed")
    assert resp.json["checks"]["kafka"].startswith("failed")
    assert resp.json["checks"]["database"] == "ok"
    assert down.get("/healthz").status_code == 200


def test_metrics_expose_request_latency(client):
    client.get("/healthz")
    text = client.get("/metrics").get_data(as_text=True)
    assert "http_request_duration_seconds_bucket" in text
    assert 'service="web"' in text


def test_made_up_methods_share_one_metrics_label(client):
    for method in ("FOO", "BAR", "XYZZY"):
        assert client.open("/api/v1/orders", method=method).status_code == 401  # caller first
    text = client.get("/metrics").get_data(as_text=True)
    assert 'method="other"' in text
    assert not any(f'method="{m}"' in text for m in ("FOO", "BAR", "XYZZY"))


def test_production_refuses_published_secrets(monkeypatch):
    monkeypatch.setenv("MALL_ENV", "production")
    with pytest.raises(InsecureSettings, match="internal_secret"):
        Settings.from_mapping("web", {})
    with pytest.raises(InsecureSettings, match="internal_secret"):
        Settings.from_mapping("web", {"internal_secret": "example-change-me-please"})
    vault = "s3cret-from-vault-0123456789abcdef"  # 34 bytes
    assert Settings.from_mapping("web", {"internal_secret": vault}).service == "web"
