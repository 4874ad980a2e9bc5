"""Mint development member and ops tokens, signed as the union's identity provider would.

One minting code for the gateway's `devtoken` command and for `mallctl token`; HS256 with
JWT_SECRET (else the development secret), plus issuer and audience when they are set.
"""

from __future__ import annotations

import time

import jwt

from shared.config import DEV_JWT_SECRET, env

ROLES = ("member", "ops")


def jwt_secret() -> str:
    """Return the HS256 secret the gateway verifies with (JWT_SECRET, else the dev secret)."""
    return env("JWT_SECRET", "") or DEV_JWT_SECRET


def mint_token(
    role: str,
    sub: str,
    segments: list[str] | tuple[str, ...] = (),
    region: str | None = None,
    ttl_seconds: int = 3600,
    secret: str | None = None,
) -> str:
    """Sign a token with the claims the gateway verifies (HS256, the development algorithm)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    now = int(time.time())
    claims = {
        "sub": sub,
        "role": role,
        "segments": list(segments),
        "region": region,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    # Issuer and audience too, when the gateway is configured to require them.
    if env("JWT_ISSUER", ""):
        claims["iss"] = env("JWT_ISSUER", "")
    if env("JWT_AUDIENCE", ""):
        claims["aud"] = env("JWT_AUDIENCE", "")
    return jwt.encode(claims, secret or jwt_secret(), algorithm="HS256")
