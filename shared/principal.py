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
GATEWAY = Principal(role="system", sub="gateway")  # the gateway calling on its own behalf


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


class VerifiedTokens:
    """Remember verified tokens until they expire: a token's signature never changes its mind."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self.max_entries = max_entries
        self._known: dict[str, tuple[float, Principal]] = {}

    def get(self, token: str) -> Principal | None:
        found = self._known.get(token)
        if found is None:
            return None
        if found[0] <= time.time():
            self._known.pop(token, None)
            return None  # expired: verify again, which refuses it
        return found[1]

    def put(self, token: str, expires_at: float, principal: Principal) -> None:
        if len(self._known) >= self.max_entries:
            self._known.clear()
        self._known[token] = (expires_at, principal)


class IssuedTokens:
    """Reuse the token signed for a principal while more than half its life remains."""

    def __init__(self, secret: str, ttl_seconds: int = 30, max_entries: int = 10_000) -> None:
        self.secret = secret
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self._issued: dict[Principal, tuple[float, str]] = {}

    def token_for(self, principal: Principal) -> str:
        found = self._issued.get(principal)
        if found is not None and found[0] > time.time():
            return found[1]
        token = issue_internal_token(principal, self.secret, self.ttl)
        if len(self._issued) >= self.max_entries:
            self._issued.clear()
        self._issued[principal] = (time.time() + self.ttl / 2, token)
        return token


def verify_internal_token(
    token: str, secret: str, known: VerifiedTokens | None = None
) -> Principal:
    """Return the principal, or raise InvalidPrincipal."""
    remembered = known.get(token) if known is not None else None
    if remembered is not None:
        return remembered
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
    principal = Principal(
        role=claims["role"],
        sub=claims.get("sub"),
        segments=tuple(claims.get("segments") or ()),
        region=claims.get("region"),
    )
    if known is not None:
        known.put(token, claims["exp"], principal)
    return principal
