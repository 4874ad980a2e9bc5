"""A service down or slow gives a clear 503/504 within the timeout; only reads are retried."""

from __future__ import annotations

import socket
import time

from tests.gateway.helpers import KEY_M1, bearer


def _closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens here any more
    return port


def test_service_down_gives_503_within_the_timeout(make_gateway, standins):
    client = make_gateway(catalog_url=f"http://127.0.0.1:{_closed_port()}").test_client()
    started = time.monotonic()
    resp = client.get("/api/v1/products", headers=bearer())
    elapsed = time.monotonic() - started
    assert resp.status_code == 503
    assert resp.mimetype == "application/problem+json"
    assert resp.json["code"] == "service_unavailable"
    assert elapsed < 0.5 + 1.0  # connect timeout plus margin


def test_write_to_a_service_that_is_down_gives_503_too(make_gateway, standins):
    client = make_gateway(voucher_url=f"http://127.0.0.1:{_closed_port()}").test_client()
    resp = client.post("/api/v1/campaigns/c1/claims", headers=bearer(), json={})
    assert resp.status_code == 503
    assert resp.json["code"] == "service_unavailable"


def test_slow_service_gives_504_after_the_read_timeout(client, standins):
    standins["catalog"].delay = 2.0
    started = time.monotonic()
    resp = client.get("/api/v1/products", headers=bearer())
    elapsed = time.monotonic() - started
    assert resp.status_code == 504
    assert resp.json["code"] == "upstream_timeout"
    assert 0.9 < elapsed < 1.0 + 0.7  # the read timeout (1 s), never retried, never a hang


def test_slow_write_is_not_retried(client, standins):
    standins["voucher"].delay = 1.5
    resp = client.post("/api/v1/campaigns/c1/claims", headers=bearer(), json={})
    assert resp.status_code == 504
    time.sleep(0.6)  # let the stand-in finish the one request it got
    assert standins["voucher"].paths().count("/api/v1/campaigns/c1/claims") == 1


def test_read_answered_503_once_is_retried_and_succeeds(client, standins):
    answers = iter([(503, {"code": "unavailable"}), (200, {"items": [], "next_cursor": None})])
    standins["catalog"].replies[("GET", "/api/v1/products")] = lambda: next(answers)
    resp = client.get("/api/v1/products", headers=bearer())
    assert resp.status_code == 200
    assert standins["catalog"].paths().count("/api/v1/products") == 2


def test_write_answered_503_is_not_retried(client, standins):
    standins["voucher"].replies[("POST", "/api/v1/campaigns/c1/claims")] = (
        503,
        {"code": "unavailable"},
    )
    resp = client.post("/api/v1/campaigns/c1/claims", headers=bearer(), json={})
    assert resp.status_code == 503
    assert standins["voucher"].paths().count("/api/v1/campaigns/c1/claims") == 1


def test_api_key_check_with_merchant_service_down_gives_503_not_401(make_gateway, standins):
    client = make_gateway(merchant_url=f"http://127.0.0.1:{_closed_port()}").test_client()
    resp = client.get(
        "/api/v1/merchant/products",
        headers={"X-Api-Key": KEY_M1},
    )
    assert resp.status_code == 503
    assert standins["catalog"].received == []


def test_readyz_names_the_service_that_is_down(make_gateway, standins):
    client = make_gateway(voucher_url=f"http://127.0.0.1:{_closed_port()}").test_client()
    resp = client.get("/readyz", headers=bearer("ops", "ops-1"))
    assert resp.status_code == 503
    assert resp.json["checks"]["upstream_voucher"].startswith("failed")
    assert resp.json["checks"]["upstream_catalog"] == "ok"
    assert resp.json["checks"]["redis"] == "ok"


def test_readyz_is_ready_when_everything_answers(client):
    resp = client.get("/readyz", headers=bearer("ops", "ops-1"))
    assert resp.status_code == 200, resp.json
