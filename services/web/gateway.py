"""The one way the pages reach the mall: the gateway's public HTTP API, as the signed-in caller."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import requests
from flask import current_app, session


class GatewayAway(Exception):
    """The gateway did not answer, or answered that the mall is unavailable (a 503 page)."""


class SignInAgain(Exception):
    """The gateway no longer accepts the session's credential (expired, revoked, rotated)."""


@dataclass
class Answer:
    status: int
    body: dict | list | str | None
    headers: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def code(self) -> str | None:
        return self.body.get("code") if isinstance(self.body, dict) else None

    @property
    def field_errors(self) -> dict:
        """Per-field messages of a problem answer, flattened to "stores.0.name" style keys."""
        errors = self.body.get("errors") if isinstance(self.body, dict) else None
        return _flatten(errors or {})

    def get(self, key: str, default=None):
        return self.body.get(key, default) if isinstance(self.body, dict) else default


def _flatten(errors: dict, prefix: str = "") -> dict:
    flat: dict[str, list[str]] = {}
    for key, value in errors.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = [str(v) for v in (value if isinstance(value, list) else [value])]
    return flat


def caller_headers() -> dict:
    """Credentials of the signed-in person: a bearer token, or a merchant's API key."""
    who = session.get("who") or {}
    if who.get("api_key"):
        return {"X-Api-Key": who["api_key"]}
    if who.get("token"):
        return {"Authorization": f"Bearer {who['token']}"}
    return {}


def call(
    method: str,
    path: str,
    *,
    json: dict | None = None,
    params: dict | None = None,
    headers: dict | None = None,
    idempotency_key: str | None = None,
    as_caller: bool = True,
    raw: bool = False,
) -> Answer:
    """Call the gateway; raise GatewayAway when the mall cannot answer."""
    settings = current_app.extensions["web_settings"]
    sent = {**(caller_headers() if as_caller else {}), **(headers or {})}
    if idempotency_key or (method == "POST" and json is not None):
        sent["Idempotency-Key"] = idempotency_key or str(uuid.uuid4())
    try:
        resp = requests.request(
            method,
            f"{settings.gateway_url}/api/v1{path}",
            json=json,
            params={k: v for k, v in (params or {}).items() if v not in (None, "")},
            headers=sent,
            timeout=settings.gateway_timeout,
        )
    except requests.RequestException as err:
        raise GatewayAway(str(err)) from err
    if resp.status_code in (502, 503, 504):
        raise GatewayAway(f"gateway answered {resp.status_code}")
    if resp.status_code == 401 and as_caller and session.get("who"):
        raise SignInAgain()
    body: dict | list | str | None
    if raw:
        body = resp.text
    else:
        try:
            body = resp.json()
        except ValueError:
            body = resp.text
    return Answer(resp.status_code, body, dict(resp.headers))
