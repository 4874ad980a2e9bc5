"""The caller, as the gateway verified it, carried to services in a short-lived signed token.

A token opens one request only: its audience names the service (`mall-<service>`), and it is
bound to the method and path it was signed for, so a token seen by one service cannot be
replayed against another service or another endpoint. Clocks may differ by CLOCK_SKEW seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import jwt

from shared.jwt_keys import keyed_jwt

ISSUER = "mall-gateway"
CLOCK_SKEW = 2  # seconds of difference between the gateway's and a service's clock
# Refuses a secret shorter than HS256 needs (32 bytes) on signing and on verifying alike.
_JWT = keyed_jwt(options={"enforce_minimum_key_length": True})
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


def audience_for(service: str) -> str:
    """The audience of the tokens one service accepts."""
    return f"mall-{service}"


@dataclass(frozen=True)
class Binding:
    """What one internal token opens: this service, this method, this path."""

    audience: str
    method: str
    path: str


def issue_internal_token(
    principal: Principal, secret: str, binding: Binding, ttl_seconds: int = 30
) -> str:
    """Sign the verified caller for one request from the gateway to a service."""
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": binding.audience,
        "mth": binding.method,
        "pth": binding.path,
        "iat": now,
        "exp": now + ttl_seconds,
        "role": principal.role,
        "segments": list(principal.segments),
        "region": principal.region,
    }
    if principal.sub is not None:  # PyJWT refuses a non-string `sub` on decode
        claims["sub"] = principal.sub
    return _JWT.encode(claims, secret, algorithm="HS256")


class VerifiedTokens:
    """Remember verified tokens until they expire: a token's signature never changes its mind."""

    def __init__(self, max_entries: int = 10_000, clock: Callable[[], float] = time.time) -> None:
        self.max_entries = max_entries
        self.clock = clock  # epoch seconds, as a token's `exp`; a test moves its own
        self._known: dict[tuple[str, Binding], tuple[float, Principal]] = {}

    def get(self, token: str, binding: Binding | None = None) -> Principal | None:
        found = self._known.get((token, binding))
        if found is None:
            return None
        if found[0] <= self.clock():
            self._known.pop((token, binding), None)
            return None  # expired: verify again, which refuses it
        return found[1]

    def put(
        self, token: str, expires_at: float, principal: Principal, binding: Binding | None = None
    ) -> None:
        if len(self._known) >= self.max_entries:
            self._known.clear()
        self._known[(token, binding)] = (expires_at, principal)


class IssuedTokens:
    """Reuse the token signed for a principal and request while more than half its life remains."""

    def __init__(self, secret: str, ttl_seconds: int = 30, max_entries: int = 10_000) -> None:
        self.secret = secret
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self._issued: dict[tuple[Principal, Binding], tuple[float, str]] = {}

    def token_for(self, principal: Principal, binding: Binding) -> str:
        found = self._issued.get((principal, binding))
        if found is not None and found[0] > time.time():
            return found[1]
        token = issue_internal_token(principal, self.secret, binding, self.ttl)
        if len(self._issued) >= self.max_entries:
            self._issued.clear()
        self._issued[(principal, binding)] = (time.time() + self.ttl / 2, token)
        return token


def verify_internal_token(
    token: str, secret: str, binding: Binding, known: VerifiedTokens | None = None
) -> Principal:
    """Return the principal of a token signed for exactly this request, or raise InvalidPrincipal."""
    remembered = known.get(token, binding) if known is not None else None
    if remembered is not None:
        return remembered
    try:
        claims = _JWT.decode(
            token,
            secret,
            algorithms=["HS256"],
            audience=binding.audience,
            issuer=ISSUER,
            leeway=CLOCK_SKEW,
            options={"require": ["exp", "iat", "role", "mth", "pth"]},
        )
    except jwt.PyJWTError as err:
        raise InvalidPrincipal(str(err)) from err
    if (claims["mth"], claims["pth"]) != (binding.method, binding.path):
        raise InvalidPrincipal("signed for another request")
    if claims["role"] not in ROLES:
        raise InvalidPrincipal("unknown role")
    principal = Principal(
        role=claims["role"],
        sub=claims.get("sub"),
        segments=tuple(claims.get("segments") or ()),
        region=claims.get("region"),
    )
    if known is not None:
        known.put(token, claims["exp"], principal, binding)
    return principal
