"""Headers that stand for a caller the gateway has verified.

An internal token opens one request (service, method, path), but a test names its caller apart
from its request: `headers_for` signs a token marked unbound, and `BoundClient` (every Flask
test client, see tests/conftest.py) signs it again for the request it is sent with, exactly as
the gateway does. A token a test crafts by hand is sent untouched.
"""

from __future__ import annotations

import jwt
from flask.testing import FlaskClient

from shared.config import DEV_INTERNAL_SECRET
from shared.principal import Binding, Principal, audience_for, issue_internal_token

HEADER = "X-Internal-Token"
UNBOUND = Binding("unbound", "*", "*")


def headers_for(
    role: str,
    sub: str | None = None,
    segments: tuple[str, ...] = ("regular",),
    region: str | None = "460100",
    secret: str = DEV_INTERNAL_SECRET,
) -> dict:
    principal = Principal(role=role, sub=sub, segments=tuple(segments), region=region)
    return {HEADER: issue_internal_token(principal, secret, UNBOUND)}


def bound_token(token: str, service: str, method: str, path: str) -> str:
    """Sign a `headers_for` token again for one request to `service`; others stay as they are."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return token
    if claims.get("aud") != UNBOUND.audience:
        return token
    principal = Principal(
        role=claims["role"],
        sub=claims.get("sub"),
        segments=tuple(claims.get("segments") or ()),
        region=claims.get("region"),
    )
    return issue_internal_token(
        principal, DEV_INTERNAL_SECRET, Binding(audience_for(service), method, path)
    )


class BoundClient(FlaskClient):
    """A test client that binds each `headers_for` token to the request it goes with."""

    def _request_from_builder_args(self, args, kwargs):
        req = super()._request_from_builder_args(args, kwargs)
        token = req.headers.get(HEADER)
        if token:
            service = self.application.name
            req.environ["HTTP_X_INTERNAL_TOKEN"] = bound_token(
                token, service, req.method, req.script_root + req.path
            )
        return req


def anonymous() -> dict:
    return headers_for("anonymous", None, (), None)


def member(
    sub: str = "m-1001", segments: tuple[str, ...] = ("regular",), region: str = "460100"
) -> dict:
    return headers_for("member", sub, segments, region)


def merchant(merchant_id: str) -> dict:
    return headers_for("merchant", merchant_id, (), None)


def ops(sub: str = "ops-1") -> dict:
    return headers_for("ops", sub, (), None)
