"""Roles per path against stand-in services: who gets through, and as whom."""

from __future__ import annotations

import itertools

import pytest

from services.gateway.routes import ROUTES, find_route
from shared.config import DEV_INTERNAL_SECRET
from shared.principal import (
    Binding,
    InvalidPrincipal,
    Principal,
    issue_internal_token,
    verify_internal_token,
)
from tests.gateway.helpers import KEY_M1, KEY_M2, KEY_SUSPENDED, api_key, bearer

CALLERS = {
    "anonymous": {},
    "member": bearer("member", "m-1"),
    "other_member": bearer("member", "m-2"),
    "merchant": api_key(KEY_M1),
    "other_merchant": api_key(KEY_M2),
    "ops": bearer("ops", "ops-1"),
}
PUBLIC = {c: 200 for c in CALLERS}
MEMBER_ONLY = {**{c: 403 for c in CALLERS}, "anonymous": 401, "member": 200, "other_member": 200}
MERCHANT_ONLY = {**{c: 403 for c in CALLERS}, "anonymous": 401, "merchant": 200,
                 "other_merchant": 200}  # fmt: skip
OPS_ONLY = {**{c: 403 for c in CALLERS}, "anonymous": 401, "ops": 200}

MATRIX = [
    ("POST", "/api/v1/merchant-applications", "merchant", PUBLIC),
    ("GET", "/api/v1/merchant-applications/a1", "merchant", PUBLIC),
    ("GET", "/api/v1/merchants", "merchant", PUBLIC),
    ("GET", "/api/v1/merchants/m1", "merchant", PUBLIC),
    ("GET", "/api/v1/categories", "catalog", PUBLIC),
    ("GET", "/api/v1/products?q=coconut", "catalog", PUBLIC),
    ("GET", "/api/v1/campaigns", "voucher", PUBLIC),
    ("POST", "/api/v1/campaigns/c1/claims", "voucher", MEMBER_ONLY),
    ("GET", "/api/v1/me/vouchers", "voucher", MEMBER_ONLY),
    ("GET", "/api/v1/me/redemptions", "voucher", MEMBER_ONLY),
    ("GET", "/api/v1/merchant/profile", "merchant", MERCHANT_ONLY),
    ("PATCH", "/api/v1/merchant/stores/s1", "merchant", MERCHANT_ONLY),
    ("POST", "/api/v1/merchant/api-keys", "merchant", MERCHANT_ONLY),
    ("POST", "/api/v1/merchant/products", "catalog", MERCHANT_ONLY),
    ("DELETE", "/api/v1/merchant/products/p1", "catalog", MERCHANT_ONLY),
    ("POST", "/api/v1/merchant/redemptions", "voucher", MERCHANT_ONLY),
    ("POST", "/api/v1/merchant/redemptions/r1/reversal", "voucher", MERCHANT_ONLY),
    ("GET", "/api/v1/merchant/settlements", "voucher", MERCHANT_ONLY),
    ("GET", "/api/v1/ops/merchant-applications?overdue=true", "merchant", OPS_ONLY),
    ("POST", "/api/v1/ops/merchant-applications/a1/approve", "merchant", OPS_ONLY),
    ("POST", "/api/v1/ops/merchants/m1/suspend", "merchant", OPS_ONLY),
    ("GET", "/api/v1/ops/kpis/merchants", "merchant", OPS_ONLY),
    ("GET", "/api/v1/ops/catalog/products", "catalog", OPS_ONLY),
    ("POST", "/api/v1/ops/campaigns", "voucher", OPS_ONLY),
    ("POST", "/api/v1/ops/campaigns/c1/close", "voucher", OPS_ONLY),
    ("GET", "/api/v1/ops/settlements", "voucher", OPS_ONLY),
    ("POST", "/api/v1/ops/vouchers/expire", "voucher", OPS_ONLY),
]
EXPECTED_PRINCIPAL = {
    "anonymous": ("anonymous", None),
    "member": ("member", "m-1"),
    "other_member": ("member", "m-2"),
    "merchant": ("merchant", "m1"),
    "other_merchant": ("merchant", "m2"),
    "ops": ("ops", "ops-1"),
}


@pytest.mark.parametrize(("method", "path", "service", "expected"), MATRIX)
def test_each_path_admits_exactly_its_roles_and_forwards_the_verified_caller(
    client, standins, method, path, service, expected
):
    for caller, headers in CALLERS.items():
        before = len(standins[service].received)
        resp = client.open(
            path, method=method, headers=headers, json={} if method != "GET" else None
        )
        assert resp.status_code == expected[caller], (caller, resp.json)
        reached = [r for r in standins[service].received[before:] if r["path"].startswith("/api")]
        if expected[caller] == 200:
            assert [r["path"] for r in reached] == [path.split("?")[0]]
            principal = reached[0]["principal"]
            assert (principal["role"], principal["sub"]) == EXPECTED_PRINCIPAL[caller]
            assert reached[0]["query"] == path.partition("?")[2]
        else:
            assert resp.mimetype == "application/problem+json"
            assert resp.json["code"] == {401: "unauthenticated", 403: "forbidden"}[resp.status_code]
            assert reached == []


def test_client_sent_internal_token_is_replaced_never_forwarded(client, standins):
    forged = issue_internal_token(
        Principal("ops", "evil"),
        DEV_INTERNAL_SECRET,
        Binding("mall-catalog", "GET", "/api/v1/categories"),
    )
    resp = client.get("/api/v1/categories", headers={"X-Internal-Token": forged})
    assert resp.status_code == 200
    seen = standins["catalog"].received[-1]
    assert seen["headers"]["X-Internal-Token"] != forged
    assert seen["principal"]["role"] == "anonymous"
    # and a forged internal token does not open an ops path either
    resp = client.get("/api/v1/ops/campaigns", headers={"X-Internal-Token": forged})
    assert resp.status_code == 401


def test_the_forwarded_token_opens_only_its_own_service_method_and_path(client, standins):
    client.get("/api/v1/me/vouchers?limit=5", headers=bearer())
    token = standins["voucher"].received[-1]["headers"]["X-Internal-Token"]
    ok = Binding("mall-voucher", "GET", "/api/v1/me/vouchers")
    assert verify_internal_token(token, DEV_INTERNAL_SECRET, ok).role == "member"
    for other in [
        Binding("mall-merchant", "GET", "/api/v1/me/vouchers"),
        Binding("mall-voucher", "POST", "/api/v1/me/vouchers"),
        Binding("mall-voucher", "GET", "/api/v1/ops/campaigns"),
    ]:
        with pytest.raises(InvalidPrincipal):
            verify_internal_token(token, DEV_INTERNAL_SECRET, other)


def test_credentials_never_reach_the_services(client, standins):
    client.get("/api/v1/me/vouchers", headers={**bearer(), "Cookie": "s=1"})
    client.get("/api/v1/merchant/profile", headers=api_key())
    for seen in standins["voucher"].received + standins["merchant"].received:
        names = {k.lower() for k in seen["headers"]}
        assert not names & {"authorization", "x-api-key", "cookie"}


def test_suspended_merchants_key_is_refused(client, standins):
    resp = client.get(
        "/api/v1/merchant/profile",
        headers=api_key(KEY_SUSPENDED),
    )
    assert resp.status_code == 403
    assert resp.json["code"] == "merchant_suspended"
    assert "/api/v1/merchant/profile" not in standins["merchant"].paths()


def test_unknown_key_is_refused(client, standins):
    resp = client.get("/api/v1/merchant/profile", headers=api_key("guessed"))
    assert resp.status_code == 401
    assert resp.json["code"] == "invalid_api_key"


def test_revoked_key_is_refused_on_the_very_next_request(client, standins):
    assert client.get("/api/v1/merchant/profile", headers=api_key()).status_code == 200
    standins["merchant"].api_keys[KEY_M1] = (
        401,
        {"code": "invalid_api_key"},
    )
    assert client.get("/api/v1/merchant/profile", headers=api_key()).status_code == 401


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here", "/internal/v1/api-keys/verify", "/api/v1/ops"]
)
def test_paths_the_gateway_does_not_expose_are_not_found(client, standins, path):
    resp = client.post(
        path,
        headers=bearer("ops", "ops-1"),
        json={"api_key": KEY_M1},
    )
    assert resp.status_code == 404
    assert resp.json["code"] == "not_found"
    assert all(not s.received for s in standins.values())


def test_request_body_query_and_idempotency_key_pass_through(client, standins):
    resp = client.post(
        "/api/v1/campaigns/c9/claims?channel=app",
        headers={**bearer(), "Idempotency-Key": "k-1"},
        json={"note": "椰子"},
    )
    assert resp.status_code == 200
    seen = standins["voucher"].received[-1]
    assert seen["query"] == "channel=app"
    assert seen["headers"]["Idempotency-Key"] == "k-1"
    assert '"note"' in seen["body"]


def test_service_error_passes_through_unchanged(client, standins):
    standins["voucher"].replies[("POST", "/api/v1/campaigns/c1/claims")] = (
        409,
        {"code": "sold_out", "status": 409},
    )
    resp = client.post("/api/v1/campaigns/c1/claims", headers=bearer(), json={})
    assert resp.status_code == 409
    assert resp.json["code"] == "sold_out"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/me/../ops/settlements",
        "/api/v1/products/..",
        "/api/v1/products/a%3Fb",
        "/api/v1/merchant/./profile",
    ],
)
def test_paths_with_dot_segments_or_encoded_separators_never_route(client, standins, path):
    resp = client.get(path, headers=bearer("member", "m-1"))
    assert resp.status_code == 404
    assert resp.mimetype == "application/problem+json"
    assert all(not standin.paths() for standin in standins.values())


def _first_route_in_order(method: str, path: str):
    """The routing rule as written: each route in turn (find_route asks one pattern)."""
    path = path.rstrip("/") or "/"
    if "//" in path or any(seg in (".", "..") for seg in path.split("/")):
        return None
    if any(c in path for c in "?#%\\"):
        return None
    return next((r for r in ROUTES if r.matches(method, path)), None)


def test_one_pattern_for_all_routes_finds_what_trying_each_in_turn_finds():
    segments = ["", ".", "..", "...", "a.b", "c1", "claims", "me", "x", "%2e", "?", "#", "\\",
                "merchant", "ops", "products", "campaigns", "kpis", "vouchers", "merchants",
                "merchant-key-retrievals", "merchant-applications", "catalog", "settlements"]  # fmt: skip
    paths = {"/", "/api/v1", "/api/v1/"}
    for first, second, third in itertools.product(segments, repeat=3):
        paths.add(f"/api/v1/{first}/{second}/{third}")
        paths.add(f"/api/v1/{first}/{second}")
        paths.add(f"/api/v1/{first}")
    for method in ("GET", "POST", "PUT", "DELETE"):
        for path in paths:
            assert find_route(method, path) is _first_route_in_order(method, path), (method, path)
