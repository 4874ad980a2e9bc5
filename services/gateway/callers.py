"""Who is calling: a member's or ops' JWT, a merchant's API key, or nobody."""

from __future__ import annotations

import json
import time

import jwt
from flask import current_app, g, request

from services.gateway.config import GatewaySettings
from services.gateway.errors import (
    AmbiguousCredentials,
    BadGateway,
    InvalidApiKey,
    InvalidToken,
    MerchantSuspended,
    ServiceUnavailable,
)
from services.gateway.key_checks import KeyVerdicts, well_formed
from services.gateway.upstream import Upstreams
from shared.errors import DomainError
from shared.jwt_keys import keyed_jwt
from shared.principal import ANONYMOUS, GATEWAY, Principal, VerifiedTokens

_JWT = keyed_jwt()  # prepares the provider's key once, not per token
TOKEN_ROLES = ("member", "ops")  # merchants never carry tokens; they use API keys
MAX_CREDENTIAL_LENGTH = 4096


def verify_token(
    token: str, settings: GatewaySettings, known: VerifiedTokens | None = None
) -> Principal:
    """Return the member or ops principal a provider token names, or raise InvalidToken.

    Expiry is judged on `known.clock` (the real clock unless a test moves it), the same
    clock that lets a remembered token go."""
    principal = known.get(token) if known is not None else None
    if principal is not None:
        return principal
    if len(token) > MAX_CREDENTIAL_LENGTH:
        raise InvalidToken("The bearer token is too long.")
    options: dict = {"require": ["exp", "sub", "role"], "verify_exp": False}
    if settings.production:
        options["require"].append("iat")
        options["enforce_minimum_key_length"] = True
    kwargs: dict = {}
    if settings.jwt_audience:
        kwargs["audience"] = settings.jwt_audience
        options["require"].append("aud")
    if settings.jwt_issuer:
        kwargs["issuer"] = settings.jwt_issuer
        options["require"].append("iss")
    try:
        claims = _JWT.decode(
            token,
            settings.jwt_key,
            algorithms=[settings.jwt_algorithm],  # pinned: no alg "none", no key confusion
            options=options,
            leeway=settings.jwt_leeway,
            **kwargs,
        )
    except jwt.PyJWTError as err:
        raise InvalidToken(f"The bearer token is not valid: {err}") from err
    expires_at = _expiry(claims)
    if expires_at <= (known.clock() if known is not None else time.time()) - settings.jwt_leeway:
        raise InvalidToken("The bearer token has expired.")
    if "iat" in claims and claims["exp"] - claims["iat"] > settings.jwt_max_lifetime:
        raise InvalidToken("The bearer token lives longer than this gateway accepts.")
    role, sub = claims.get("role"), claims.get("sub")
    segments = claims.get("segments") or []
    region = claims.get("region")
    if role not in TOKEN_ROLES:
        raise InvalidToken("The bearer token names a role this gateway does not accept.")
    if not isinstance(sub, str) or not 0 < len(sub) <= 100:
        raise InvalidToken("The bearer token's subject is not valid.")
    if not isinstance(segments, list) or not all(isinstance(s, str) for s in segments):
        raise InvalidToken("The bearer token's segments are not a list of names.")
    if region is not None and not isinstance(region, str):
        raise InvalidToken("The bearer token's region is not valid.")
    principal = Principal(role=role, sub=sub, segments=tuple(segments), region=region)
    if known is not None:
        known.put(token, expires_at, principal)
    return principal


def _expiry(claims: dict) -> float:
    """The token's `exp`, read as PyJWT reads it when it checks expiry itself."""
    try:
        return float(int(claims["exp"]))
    except (ValueError, TypeError, OverflowError) as err:
        raise InvalidToken("The bearer token's expiry (exp) is not a whole number.") from err


def verify_api_key(
    api_key: str,
    upstreams: Upstreams,
    request_id: str | None,
    verdicts: KeyVerdicts | None = None,
) -> Principal:
    """Ask the merchant service (which caches and revokes keys) whose key this is, unless
    the key cannot be one or was refused a moment ago."""
    if not well_formed(api_key) or (verdicts is not None and verdicts.refused_lately(api_key)):
        raise InvalidApiKey("The API key is not valid.")
    resp = upstreams.request(
        "merchant",
        "POST",
        "/internal/v1/api-keys/verify",
        GATEWAY,
        data=_json_bytes({"api_key": api_key}),
        headers={"Content-Type": "application/json"},
        request_id=request_id,
    )
    if resp.status_code == 200:
        body = resp.json()
        if verdicts is not None:
            verdicts.remember(api_key, accepted=True)
        return Principal(role="merchant", sub=str(body["merchant_id"]))
    code = _code(resp)
    if resp.status_code == 403 or code == "merchant_suspended":
        raise MerchantSuspended("This merchant is suspended; its API key does not work.")
    if resp.status_code in (401, 404, 422):
        if verdicts is not None:
            verdicts.remember(api_key, accepted=False)
        raise InvalidApiKey("The API key is not valid.")
    if resp.status_code == 503:  # its database is away: an outage to pass on, not a bad answer
        raise ServiceUnavailable("The merchant service cannot check API keys right now.")
    raise BadGateway("The merchant service could not check the API key.")


def _code(resp) -> str | None:
    try:
        return resp.json().get("code")
    except ValueError:
        return None


def _json_bytes(value: dict) -> bytes:
    return json.dumps(value).encode()


class Caller:
    """The credentials one request carries, verified at most once: the rate limits and the
    route check both ask, and an API key costs a call to the merchant service. Framework-free,
    for the Flask hooks and the fast lane (`fast_lane.py`) alike."""

    __slots__ = ("authorization", "api_key", "extensions", "request_id", "_principal", "_error")

    def __init__(
        self, authorization: str, api_key: str | None, extensions: dict, request_id: str | None
    ) -> None:
        self.authorization = authorization
        self.api_key = api_key
        self.extensions = extensions  # the gateway app's: settings, tokens, upstreams, verdicts
        self.request_id = request_id
        self._principal: Principal | None = None
        self._error: DomainError | None = None

    def principal(self) -> Principal:
        """The verified caller; the same error each time asked when the credentials are bad."""
        if self._principal is not None:
            return self._principal
        if self._error is not None:
            raise self._error
        try:
            self._principal = self._verify()
        except DomainError as err:
            self._error = err
            raise
        return self._principal

    def principal_or_none(self) -> Principal | None:
        """The verified caller, or None when the credentials are bad (rate-limit keys use this)."""
        try:
            return self.principal()
        except DomainError:
            return None

    def _verify(self) -> Principal:
        auth, api_key, extensions = self.authorization, self.api_key, self.extensions
        if auth and api_key is not None:
            raise AmbiguousCredentials()
        if auth:
            scheme, _, token = auth.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise InvalidToken("Use `Authorization: Bearer <token>`.")
            return verify_token(
                token.strip(), extensions["gateway_settings"], extensions.get("gateway_tokens")
            )
        if api_key is not None:
            return verify_api_key(
                api_key.strip(),
                extensions["gateway_upstreams"],
                self.request_id,
                extensions.get("gateway_key_verdicts"),
            )
        return ANONYMOUS


def current_caller() -> Caller:
    """The current Flask request's caller (made once per request)."""
    caller = g.get("caller")
    if caller is None:
        caller = g.caller = Caller(
            request.headers.get("Authorization", ""),
            request.headers.get("X-Api-Key"),
            current_app.extensions,
            g.get("request_id"),
        )
    return caller


def resolve_principal() -> Principal:
    """Verify the request's credentials once per request; raise the error each time asked."""
    return current_caller().principal()


def principal_or_none() -> Principal | None:
    """The verified caller, or None when the credentials are bad (rate-limit keys use this)."""
    return current_caller().principal_or_none()
