"""Mint development member and ops tokens, signed as the union's identity provider would."""

from __future__ import annotations

import os
import time

import jwt

from shared.config import DEV_JWT_SECRET

ROLES = ("member", "ops")


def jwt_secret() -> str:
    """Return the HS256 secret the gateway verifies with (JWT_SECRET, else the dev secret)."""
    return os.environ.get("JWT_SECRET") or DEV_JWT_SECRET


def mint_token(
    role: str,
    sub: str,
    *,
    segments: list[str] | tuple[str, ...] = (),
    region: str | None = None,
    ttl_seconds: int = 3600,
    secret: str | None = None,
) -> str:
    """Sign a token with the claims the gateway expects: sub, role, segments, region, exp."""
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
    # Optional issuer/audience, when the gateway is configured to require them.
    if os.environ.get("JWT_ISSUER"):
        claims["iss"] = os.environ["JWT_ISSUER"]
    if os.environ.get("JWT_AUDIENCE"):
        claims["aud"] = os.environ["JWT_AUDIENCE"]
    return jwt.encode(claims, secret or jwt_secret(), algorithm="HS256")
