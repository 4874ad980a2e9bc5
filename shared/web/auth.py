"""Services trust only callers the gateway signed for them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, g, request

from shared.errors import Forbidden, Unauthenticated
from shared.principal import (
    ROLES,
    Binding,
    InvalidPrincipal,
    Principal,
    VerifiedTokens,
    audience_for,
    verify_internal_token,
)

HEADER = "X-Internal-Token"
OPEN_PATHS = ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs")
ANYONE = ROLES  # a public view says so: `blp.view(*ANYONE, ...)`


def install_internal_auth(app: Flask, secret: str, service: str) -> None:
    """Reject any request without a token signed for this service, method and path."""
    known = VerifiedTokens()
    audience = audience_for(service)

    @app.before_request
    def _verify() -> None:
        if request.path.startswith(OPEN_PATHS):
            return
        token = request.headers.get(HEADER)
        if not token:
            raise Unauthenticated("This service is reached through the gateway.")
        try:
            binding = Binding(audience, request.method, request.script_root + request.path)
            g.principal = verify_internal_token(token, secret, binding, known)
        except InvalidPrincipal as err:
            raise Unauthenticated("The internal token is not valid.") from err


def current_principal() -> Principal:
    return g.principal


def own_merchant_id() -> str:
    """The calling merchant's own id (the view's role check let only merchants in)."""
    return g.principal.merchant_id


def require_role(*roles: str) -> Callable:
    """Decorator for a view: only these roles may call it."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            principal: Principal | None = getattr(g, "principal", None)
            if principal is None or principal.role == "anonymous":
                if "anonymous" not in roles:
                    raise Unauthenticated("Sign in to do this.")
            elif principal.role not in roles:
                raise Forbidden(f"A {principal.role} may not do this.")
            return view(*args, **kwargs)

        return wrapper

    return decorate
