"""Only a token the gateway signed for this service, method and path gets a request in."""

from __future__ import annotations

import time

import jwt
import pytest

from shared.config import DEV_INTERNAL_SECRET
from shared.principal import ISSUER
from tests.foundation.web.standin import calls
from tests.support import callers


def test_a_request_without_the_internal_token_is_refused(client):
    resp = client.post("/api/v1/orders", json={"quantity": 1})
    assert resp.status_code == 401
    assert resp.mimetype == "application/problem+json"
    assert resp.json["code"] == "unauthenticated"


MUTATIONS = [
    "expired",
    "wrong_secret",
    "none_alg",
    "wrong_audience",
    "other_service",
    "other_path",
    "other_method",
    "unbound",
    "issued_in_the_future",
]


@pytest.mark.parametrize("mutate", MUTATIONS)
def test_forged_stale_or_misdirected_internal_tokens_are_refused(client, mutate):
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": "mall-web",
        "mth": "POST",
        "pth": "/api/v1/orders",
        "iat": now,
        "exp": now + 30,
        "role": "member",
        "sub": "m1",
    }
    secret = DEV_INTERNAL_SECRET
    if mutate == "expired":
        claims.update(iat=now - 120, exp=now - 3)  # beyond the allowed clock skew
    if mutate == "wrong_secret":
        secret = "x" * 40
    if mutate == "wrong_audience":
        claims["aud"] = "someone-else"
    if mutate == "other_service":  # a token the gateway signed for the voucher service
        claims["aud"] = "mall-voucher"
    if mutate == "other_path":  # seen on a read, replayed against a write
        claims["pth"] = "/api/v1/signups"
    if mutate == "other_method":
        claims["mth"] = "GET"
    if mutate == "unbound":
        del claims["mth"], claims["pth"]
    if mutate == "issued_in_the_future":
        claims["iat"] = now + 10
    token = (
        jwt.encode(claims, None, algorithm="none")
        if mutate == "none_alg"
        else jwt.encode(claims, secret, algorithm="HS256")
    )
    resp = client.post("/api/v1/orders", json={"quantity": 1}, headers={"X-Internal-Token": token})
    assert resp.status_code == 401 and resp.json["code"] == "unauthenticated"
    assert calls == []


def test_an_internal_token_bound_to_this_request_passes_within_the_clock_skew(client):
    claims = {
        "iss": ISSUER,
        "aud": "mall-web",
        "mth": "POST",
        "pth": "/api/v1/orders",
        "role": "member",
        "sub": "m1",
    }
    # (iat, exp) relative to now: fresh, issued a second ahead, expiring this very second
    for iat, exp in [(0, 30), (1, 30), (-30, 0)]:
        now = int(time.time())
        token = jwt.encode(
            {**claims, "iat": now + iat, "exp": now + exp}, DEV_INTERNAL_SECRET, "HS256"
        )
        resp = client.post(
            "/api/v1/orders", json={"quantity": 1}, headers={"X-Internal-Token": token}
        )
        assert resp.status_code == 201, (iat, exp, resp.json)


def test_roles_are_enforced(client):
    resp = client.post("/api/v1/orders", json={"quantity": 1}, headers=callers.merchant("x"))
    assert resp.status_code == 403 and resp.json["code"] == "forbidden"
    resp = client.post("/api/v1/orders", json={"quantity": 1}, headers=callers.anonymous())
    assert resp.status_code == 401
