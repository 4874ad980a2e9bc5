"""HTTP client for the gateway, speaking as ops with a token it mints itself."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import click
import requests
from requests.adapters import HTTPAdapter
from tenacity import Retrying, retry_if_exception, stop_after_delay, wait_exponential

from shared.dev_tokens import mint_token

# Answers that say "not now" rather than "no": the gateway or a service was away or slow.
TRANSIENT_STATUSES = frozenset({502, 503, 504})
SAFE_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE"})


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

    def __init__(
        self, base_url: str, *, timeout: float = 15.0, pool: int = 32, retry_for: float = 30.0
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retry_for = retry_for  # seconds to keep retrying a request that may be repeated
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
        """Send a request; raise GatewayError on a non-2xx status not listed in `ok`.

        A request that may safely be sent again (a read, a PUT or DELETE, or one carrying an
        Idempotency-Key, which the services answer once) is retried for `retry_for` seconds
        while the gateway is unreachable or answers 502, 503 or 504, and while its key's first
        attempt is still in flight (409 `idempotency_in_flight`, after a 504).
        """
        sent = {"X-Request-Id": f"mallctl-{uuid.uuid4().hex[:16]}"}
        if as_ops:
            sent.update(self.ops_headers())
        sent.update(headers or {})
        repeatable = method in SAFE_METHODS or "Idempotency-Key" in sent
        for attempt in Retrying(
            stop=stop_after_delay(self.retry_for if repeatable else 0),
            wait=wait_exponential(multiplier=0.2, max=3.0),
            retry=retry_if_exception(_transient),
            reraise=True,
        ):
            with attempt:
                return self._send(method, path, sent, ok, kwargs)
        raise AssertionError("unreachable")  # pragma: no cover - Retrying reraises

    def _send(
        self, method: str, path: str, headers: dict, ok: tuple[int, ...], kwargs: dict
    ) -> requests.Response:
        url = f"{self.base_url}{path}"
        try:
            resp = self.session.request(
                method, url, headers=headers, timeout=self.timeout, **kwargs
            )
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


def _transient(err: BaseException) -> bool:
    if not isinstance(err, GatewayError):
        return False
    return (
        err.status is None  # not reached
        or err.status in TRANSIENT_STATUSES
        or (err.status == 409 and err.code == "idempotency_in_flight")
    )


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
