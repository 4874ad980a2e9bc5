"""Hostile inputs against the real processes (granian, every service): deep JSON, `//`,
a newline after a pattern, made-up methods; readiness and metrics by listener."""

from __future__ import annotations

import re

import pytest
import requests

from tests.gateway import e2e_client as mall_api
from tests.support import callers

pytestmark = pytest.mark.e2e
DEEP = "[" * 5000 + "]" * 5000


def test_json_nested_5000_deep_is_invalid_json_on_every_service(mall):
    targets = {"gateway": mall.gateway, **mall.urls}
    path = "/api/v1/merchant-applications"
    for name, base in targets.items():
        headers = {"Content-Type": "application/json"}
        if name != "gateway":  # a service reads a body only for a token bound to it
            token = callers.anonymous()[callers.HEADER]
            headers[callers.HEADER] = callers.bound_token(token, name, "POST", path)
        resp = requests.post(f"{base}{path}", data=DEEP, headers=headers, timeout=15)
        assert resp.status_code == 400, (name, resp.status_code, resp.text[:200])
        assert resp.json()["code"] == "invalid_json", name


def test_an_empty_segment_is_refused_without_naming_a_service(mall):
    member = mall_api.member(mall.gateway, "m-slashes")
    resp = member.get("/api/v1/me//vouchers", allow_redirects=False)
    assert resp.status_code == 404 and "Location" not in resp.headers
    assert not re.search(r"127\.0\.0\.1:\d+", resp.text)


def test_a_pattern_does_not_match_before_a_final_newline(mall):
    ops = mall_api.ops(mall.gateway)
    csv = ops.get("/api/v1/ops/settlements?period=2024-01%0A", headers={"Accept": "text/csv"})
    assert csv.status_code == 422 and "period" in csv.json()["errors"]["query"]
    body = {**mall_api.application(), "contact_mobile": "13800138000\n"}
    resp = mall_api.Caller(mall.gateway).post("/api/v1/merchant-applications", json=body)
    assert resp.status_code == 422 and "contact_mobile" in resp.json()["errors"]


def test_readiness_and_metrics_need_ops_or_the_internal_listener(mall):
    for method in ("FOO", "BAR", "XYZZY"):
        assert requests.request(method, f"{mall.gateway}/api/v1/products", timeout=5).status_code
    assert requests.get(f"{mall.gateway}/readyz", timeout=5).status_code == 401
    assert requests.get(f"{mall.gateway}/metrics", timeout=5).status_code == 401
    assert requests.get(f"{mall.gateway}/healthz", timeout=5).status_code == 200
    assert requests.get(f"{mall.gateway_internal}/readyz", timeout=10).status_code == 200
    metrics = requests.get(f"{mall.gateway_internal}/metrics", timeout=5).text
    assert 'method="other"' in metrics
    assert not any(f'method="{m}"' in metrics for m in ("FOO", "BAR", "XYZZY"))
    ops = mall_api.ops(mall.gateway)
    assert ops.get("/metrics").status_code == 200
