"""HTTP client for the gateway, speaking as ops with a token it mints itself."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import click
import requests
from requests.adapters import HTTPAdapter

from shared.dev_tokens import mint_token


class GatewayError(click.ClickException):
    """The gateway refused a request, or could not be reached; shown to the operator."""

    exit_code = 2

    def __init__(self, message: str, status: int | None = None, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body

    @property
    def code(self) -> str | None:
        return self.body.get("code") if isinstance(self.body, dict) else None


class Gateway:
    """One connection pool per thread-safe session; every call is ops unless told otherwise."""

    def __init__(self, base_url: str, *, timeout: float = 15.0, pool: int = 32) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._ops_token = mint_token("ops", "ops-mallctl", ttl_seconds=6 * 3600)
        self._local = threading.local()
        self._pool = pool

    @property
    def session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=4, pool_maxsize=self._pool)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._local.session = session
        return session

    def ops_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._ops_token}"}

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        as_ops: bool = True,
        ok: tuple[int, ...] = (),
        **kwargs: Any,
    ) -> requests.Response:
        """Send a request; raise GatewayError on a non-2xx status not listed in `ok`."""
        sent = {"X-Request-Id": f"mallctl-{uuid.uuid4().hex[:16]}"}
        if as_ops:
            sent.update(self.ops_headers())
        sent.update(headers or {})
        url = f"{self.base_url}{path}"
        try:
            resp = self.session.request(method, url, headers=sent, timeout=self.timeout, **kwargs)
        except requests.RequestException as err:
            raise GatewayError(f"cannot reach the gateway at {self.base_url}: {err}") from err
        if resp.ok or resp.status_code in ok:
            return resp
        raise _error_from(method, path, resp)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs).json()

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        resp = self.request("POST", path, json=json, **kwargs)
        return resp.json() if resp.content else {}


def _error_from(method: str, path: str, resp: requests.Response) -> GatewayError:
    try:
        body = resp.json()
    except ValueError:
        body = resp.text[:500]
    if isinstance(body, dict):
        what = body.get("detail") or body.get("title") or ""
        code = body.get("code", "")
        fields = body.get("errors")
        message = f"{method} {path} failed: {resp.status_code} {code}: {what}"
        if fields:
            message += f" {fields}"
    else:
        message = f"{method} {path} failed: {resp.status_code}: {body}"
    return GatewayError(message, resp.status_code, body)
