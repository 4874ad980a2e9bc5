"""MALL_ENV=production refuses loose settings at start, and loose tokens on every request."""

from __future__ import annotations

import subprocess
import sys
import time

import jwt
import pytest

from services.gateway.callers import verify_token
from services.gateway.config import GatewaySettings
from services.gateway.errors import InvalidToken
from services.merchant.config import MerchantSettings
from shared.config import InsecureSettings, Settings
from tests.gateway.helpers import bearer

STRONG = "k" * 32  # exactly the 32 bytes PyJWT asks of an HS256 key
JWT_KEY = "p" * 32
GOOD = {
    "environment": "production",
    "internal_secret": STRONG,
    "jwt_secret": JWT_KEY,
    "jwt_issuer": "https://idp.union.example.cn",
    "jwt_audience": "mall",
    "database_url": "postgresql+psycopg://mall:Zq8v-unique-vault-password@db:5432/gateway",
}


def gateway_settings(**overrides) -> GatewaySettings:
    return GatewaySettings.from_mapping("gateway", {**GOOD, **overrides})


def test_sound_production_settings_start():
    assert gateway_settings().production


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({"jwt_issuer": ""}, "JWT_ISSUER is not set"),
        ({"jwt_audience": ""}, "JWT_AUDIENCE is not set"),
        ({"jwt_algorithm": "RS256"}, "JWT_PUBLIC_KEY is required for RS256"),
        ({"jwt_algorithm": "ES256", "jwt_public_key": " "}, "JWT_PUBLIC_KEY is required"),
        ({"internal_secret": "k" * 31}, "internal_secret is shorter than 32 bytes"),
        ({"jwt_secret": "p" * 31}, "jwt_secret is shorter than 32 bytes"),
        ({"jwt_algorithm": "HS512", "jwt_secret": "p" * 40}, "jwt_secret is too short for HS512"),
        ({"internal_secret": "x" * 30 + "change-me"}, "internal_secret is a published example"),
        (
            {"database_url": "postgresql+psycopg://mall:mall@db:5432/gateway"},
            "GATEWAY_DATABASE_URL has a published example password",
        ),
        (
            {"database_url": "postgresql+psycopg://mall:mall-change-me@postgres:5432/gateway"},
            "published example password",
        ),
        (
            {"database_url": "postgresql://scott:tiger@localhost/test"},
            "published example password",
        ),
    ],
)
def test_production_refuses_to_start_with_loose_settings(overrides, complaint):
    with pytest.raises(InsecureSettings, match=complaint):
        gateway_settings(**overrides)


def test_an_unlisted_algorithm_never_starts_in_any_environment():
    for algorithm in ("none", "HS1", "EdDSA"):
        with pytest.raises(ValueError, match="JWT_ALGORITHM"):
            GatewaySettings.from_mapping("gateway", {"jwt_algorithm": algorithm})


def test_every_service_checks_its_own_secrets_and_database_in_production():
    with pytest.raises(InsecureSettings, match="api_key_pepper is shorter than 32 bytes"):
        MerchantSettings.from_mapping(
            "merchant",
            {"environment": "production", "internal_secret": STRONG, "api_key_pepper": "short"},
        )
    with pytest.raises(InsecureSettings, match="VOUCHER_DATABASE_URL has a published"):
        Settings.from_mapping(
            "voucher",
            {
                "environment": "production",
                "internal_secret": STRONG,
                "database_url": "postgresql+psycopg://mall:password@db/voucher",
            },
        )


def test_the_process_itself_refuses_to_start(tmp_path):
    env = {
        "MALL_ENV": "production",
        "INTERNAL_TOKEN_SECRET": STRONG,
        "JWT_SECRET": JWT_KEY,
        "JWT_AUDIENCE": "mall",
        "GATEWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}",
        "PATH": "/usr/bin:/bin",
    }
    code = "from services.gateway.app import create_app; create_app()"
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode != 0 and "JWT_ISSUER is not set" in run.stderr


def _provider_token(secret: str = JWT_KEY, **claims) -> str:
    now = int(time.time())
    body = {
        "sub": "m-1",
        "role": "member",
        "iss": GOOD["jwt_issuer"],
        "aud": GOOD["jwt_audience"],
        "iat": now,
        "exp": now + 600,
        **claims,
    }
    return jwt.encode({k: v for k, v in body.items() if v is not None}, secret, "HS256")


def test_production_requires_iat_and_caps_a_tokens_life():
    settings = gateway_settings(database_url="sqlite://")
    now = int(time.time())
    assert verify_token(_provider_token(), settings).sub == "m-1"
    assert verify_token(_provider_token(iat=now - 11 * 3600), settings).sub == "m-1"
    with pytest.raises(InvalidToken, match="iat"):
        verify_token(_provider_token(iat=None), settings)
    with pytest.raises(InvalidToken, match="lives longer"):
        verify_token(_provider_token(exp=now + 13 * 3600), settings)
    with pytest.raises(InvalidToken, match="lives longer"):
        verify_token(
            _provider_token(iat=now, exp=now + 3600),
            gateway_settings(database_url="sqlite://", jwt_max_lifetime=1800),
        )


def test_a_token_living_past_the_cap_is_refused_at_the_door(client, standins):
    now = int(time.time())
    resp = client.get("/api/v1/me/vouchers", headers=bearer(ttl=13 * 3600, iat=now))
    assert resp.status_code == 401 and resp.json["code"] == "invalid_token"
    assert standins["voucher"].received == []
