"""Credentials as the identity provider and the merchant service would hand them out."""

from __future__ import annotations

import time

import jwt

from shared.config import DEV_JWT_SECRET


def token(
    role: str = "member",
    sub: str = "m-1001",
    *,
    secret: str = DEV_JWT_SECRET,
    ttl: int = 600,
    algorithm: str = "HS256",
    **claims,
) -> str:
    """Sign a provider token the way the union's identity provider does."""
    body = {
        "sub": sub,
        "role": role,
        "segments": ["regular"],
        "region": "460100",
        "exp": int(time.time()) + ttl,
        **claims,
    }
    return jwt.encode(body, secret, algorithm=algorithm)


def bearer(role: str = "member", sub: str = "m-1001", **kwargs) -> dict:
    return {"Authorization": f"Bearer {token(role, sub, **kwargs)}"}


# Well-formed (the merchant service's shape), so that the gateway asks the stand-in about them.
KEY_M1 = "mk_live_" + "test-m1".ljust(43, "0")
KEY_M2 = "mk_live_" + "test-m2".ljust(43, "0")
KEY_SUSPENDED = "mk_live_" + "test-suspended".ljust(43, "0")


def api_key(key: str = KEY_M1) -> dict:
    return {"X-Api-Key": key}
