"""The caller, as the gateway verified it, carried to services in a short-lived signed token."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import jwt

AUDIENCE = "mall-services"
ISSUER = "mall-gateway"
ROLES = ("anonymous", "member", "merchant", "ops", "system")  # system: the gateway itself


class InvalidPrincipal(Exception):
    """The internal token is missing, expired or not signed by the gateway."""


@dataclass(frozen=True)
class Principal:
    role: str
    sub: str | None = None
    segments: tuple[str, ...] = field(default_factory=tuple)
    region: str | None = None

    @property
    def merchant_id(self) -> str | None:
        return self.sub if self.role == "merchant" else None

    @property
    def member_id(self) -> str | None:
        return self.sub if self.role == "member" else None


ANONYMOUS = Principal(role="anonymous")


def issue_internal_token(principal: Principal, secret: str, ttl_seconds: int = 30) -> str:
    """Sign the verified caller for one hop from the gateway to a service."""
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + ttl_seconds,
        "role": principal.role,
        "segments": list(principal.segments),
        "region": principal.region,
    }
    if principal.sub is not None:  # PyJWT refuses a non-string `sub` on decode
        claims["sub"] = principal.sub
    return jwt.encode(claims, secret, algorithm="HS256")


def verify_internal_token(token: str, secret: str) -> Principal:
    """Return the principal, or raise InvalidPrincipal."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "role"]},
        )
    except jwt.PyJWTError as err:
        raise InvalidPrincipal(str(err)) from err
    if claims["role"] not in ROLES:
        raise InvalidPrincipal("unknown role")
    return Principal(
        role=claims["role"],
        sub=claims.get("sub"),
        segments=tuple(claims.get("segments") or ()),
        region=claims.get("region"),
    )
