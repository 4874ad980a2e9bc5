"""Token attacks: only a well-formed, unexpired token signed by the provider's key gets in."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from services.gateway import devtoken
from shared.config import DEV_JWT_SECRET
from tests.gateway.helpers import KEY_M1, bearer, token

ME = "/api/v1/me/vouchers"


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _assert_rejected(resp, standins, code="invalid_token"):
    assert resp.status_code == 401
    assert resp.mimetype == "application/problem+json"
    assert resp.json["code"] == code
    assert standins["voucher"].received == []  # nothing reached the service


def test_valid_member_token_reaches_the_service_as_that_member(client, standins):
    resp = client.get(ME, headers=bearer("member", "m-7", segments=["female"], region="460200"))
    assert resp.status_code == 200
    assert resp.json["principal"] == {
        "role": "member",
        "sub": "m-7",
        "segments": ["female"],
        "region": "460200",
    }


def test_expired_token_is_rejected(client, standins):
    _assert_rejected(client.get(ME, headers=bearer(ttl=-120)), standins)


def test_token_whose_expiry_is_not_a_time_is_rejected(client, standins):
    _assert_rejected(client.get(ME, headers=bearer(exp="tomorrow")), standins)


def test_token_signed_with_another_key_is_rejected(client, standins):
    forged = bearer(secret="not-the-identity-provider-key-0123456789")
    _assert_rejected(client.get(ME, headers=forged), standins)


def test_unsigned_alg_none_token_is_rejected(client, standins):
    claims = {"sub": "m-1", "role": "ops", "exp": int(time.time()) + 600}
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    _assert_rejected(client.get(ME, headers={"Authorization": f"Bearer {unsigned}"}), standins)


def test_token_with_tampered_role_is_rejected(client, standins):
    header, payload, signature = token("member", "m-1").split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["role"] = "ops"
    tampered = f"{header}.{_b64(claims)}.{signature}"
    resp = client.get("/api/v1/ops/campaigns", headers={"Authorization": f"Bearer {tampered}"})
    _assert_rejected(resp, standins)


@pytest.mark.parametrize("missing", ["sub", "role", "exp"])
def test_token_without_a_required_claim_is_rejected(client, standins, missing):
    claims = {"sub": "m-1", "role": "member", "exp": int(time.time()) + 600}
    del claims[missing]
    raw = jwt.encode(claims, DEV_JWT_SECRET, algorithm="HS256")
    _assert_rejected(client.get(ME, headers={"Authorization": f"Bearer {raw}"}), standins)


@pytest.mark.parametrize("role", ["merchant", "system", "anonymous", "admin"])
def test_signed_token_claiming_a_role_the_provider_never_issues_is_rejected(client, standins, role):
    _assert_rejected(client.get(ME, headers=bearer(role, "x")), standins)


@pytest.mark.parametrize(
    "header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer not.a.jwt", "Token abc"]
)
def test_malformed_authorization_header_is_rejected(client, standins, header):
    _assert_rejected(client.get(ME, headers={"Authorization": header}), standins)


def test_bad_token_is_rejected_even_on_a_public_path(client, standins):
    resp = client.get("/api/v1/categories", headers=bearer(ttl=-120))
    assert resp.status_code == 401
    assert standins["catalog"].received == []


def test_token_and_api_key_together_are_refused(client, standins):
    resp = client.get(ME, headers={**bearer(), "X-Api-Key": KEY_M1})
    assert resp.status_code == 400
    assert resp.json["code"] == "ambiguous_credentials"


@pytest.fixture
def rsa_keys():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def test_rs256_provider_token_is_verified_with_the_public_key(make_gateway, standins, rsa_keys):
    private, public = rsa_keys
    client = make_gateway(jwt_algorithm="RS256", jwt_public_key=public).test_client()
    good = bearer("ops", "ops-1", secret=private, algorithm="RS256")
    assert client.get("/api/v1/ops/campaigns", headers=good).status_code == 200
    assert standins["voucher"].received[-1]["principal"]["role"] == "ops"


def test_rs256_gateway_refuses_hs256_token_signed_with_its_public_key(
    make_gateway, standins, rsa_keys
):
    _private, public = rsa_keys
    client = make_gateway(jwt_algorithm="RS256", jwt_public_key=public).test_client()
    header = _b64({"alg": "HS256", "typ": "JWT"})
    body = _b64({"sub": "x", "role": "ops", "exp": int(time.time()) + 600})

    sig = hmac.new(public.encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    confused = f"{header}.{body}.{base64.urlsafe_b64encode(sig).decode().rstrip('=')}"
    resp = client.get("/api/v1/ops/campaigns", headers={"Authorization": f"Bearer {confused}"})
    _assert_rejected(resp, standins)


def test_devtoken_prints_a_token_the_gateway_accepts(client, standins, capsys):
    devtoken.main(
        ["--role", "member", "--sub", "m9", "--segments", "regular,female", "--region", "460400"]
    )
    printed = capsys.readouterr().out.strip()
    resp = client.get(ME, headers={"Authorization": f"Bearer {printed}"})
    assert resp.status_code == 200
    assert resp.json["principal"]["segments"] == ["regular", "female"]
    assert resp.json["principal"]["region"] == "460400"


def test_devtoken_refuses_an_unknown_segment(capsys):
    with pytest.raises(SystemExit):
        devtoken.main(["--segments", "vip"])


class EpochClock:
    """Epoch seconds that a test moves by hand (starts at the real time)."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def test_a_remembered_token_is_still_refused_once_it_expires(make_gateway, standins):
    clock = EpochClock()
    client = make_gateway(jwt_leeway=0, clock=clock).test_client()
    short = bearer("member", "m-short", ttl=2)
    assert client.get(ME, headers=short).status_code == 200
    assert client.get(ME, headers=short).status_code == 200  # from the verified-token memory
    clock.now += 2.1
    resp = client.get(ME, headers=short)
    assert resp.status_code == 401
    assert resp.json["code"] == "invalid_token"
