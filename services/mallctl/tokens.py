"""Mint development member and ops tokens, signed as the union's identity provider would."""

from __future__ import annotations

import os

from services.gateway.devtoken import mint
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
    """Sign a token with the claims the gateway expects (one minting code: the gateway's)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    return mint(role, sub, tuple(segments), region, ttl_seconds, secret or jwt_secret())
