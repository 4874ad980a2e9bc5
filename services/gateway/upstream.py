"""Keep-alive clients to the services, with timeouts; only idempotent reads are retried.

libcurl (`http_client.py`) rather than urllib3: the proxy's hot path is mostly the client's
own Python otherwise (see the README's Benchmarks).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import unquote, urlencode, urlsplit

from werkzeug.datastructures import Headers

from services.gateway.config import GatewaySettings
from services.gateway.errors import BadGateway, ServiceUnavailable, UpstreamTimeout
from services.gateway.http_client import Answer, CallFailed, CurlClient
from services.gateway.server_timing import note_upstream
from shared.principal import Binding, IssuedTokens, Principal, audience_for

logger = logging.getLogger(__name__)

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRIED_STATUSES = frozenset({502, 503})  # a read answered so is asked once more
BACKOFF = 0.05  # seconds before the second retry (doubling); the first goes at once


@dataclass(frozen=True)
class UpstreamResponse:
    """A service's answer, read in full; its headers are parsed when first asked for."""

    status_code: int
    content: bytes
    header_lines: list[bytes]

    @cached_property
    def header_list(self) -> list[tuple[str, str]]:
        found = []
        for line in self.header_lines:
            name, sep, value = line.decode("latin-1").partition(":")
            if sep:
                found.append((name.strip(), value.strip()))
        return found

    @cached_property
    def headers(self) -> Headers:
        return Headers(self.header_list)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> object:
        return json.loads(self.content)


class Upstreams:
    """Owns one keep-alive client per service; reads are retried, writes never."""

    def __init__(self, settings: GatewaySettings) -> None:
        self.urls = settings.upstreams
        self.tokens = IssuedTokens(settings.internal_secret)
        # One client per service, called by path; each thread keeps its own connection.
        self.clients = {
            name: CurlClient(
                "{0.scheme}://{0.netloc}".format(urlsplit(url)),
                connect_timeout=min(settings.connect_timeout, settings.read_timeout),
                timeout=settings.read_timeout,
            )
            for name, url in self.urls.items()
        }
        self.prefixes = {name: urlsplit(url).path.rstrip("/") for name, url in self.urls.items()}
        self.audiences = {name: audience_for(name) for name in self.urls}
        self.read_retries = settings.read_retries

    def request(
        self,
        service: str,
        method: str,
        path: str,
        principal: Principal,
        *,
        params: object = None,
        data: bytes | None = None,
        headers: dict | None = None,
        request_id: str | None = None,
        timeout: tuple[float, float] | None = None,
    ) -> UpstreamResponse:
        """Call a service as `principal`; raise ServiceUnavailable, UpstreamTimeout or
        BadGateway when no answer came."""
        sent = dict(headers or {})
        path = self.prefixes[service] + path
        # The token opens this request only: this service, method and (decoded) path.
        binding = Binding(self.audiences[service], method, unquote(path.partition("?")[0]))
        sent["X-Internal-Token"] = self.tokens.token_for(principal, binding)
        if request_id:
            sent["X-Request-Id"] = request_id
        if params:
            path += ("&" if "?" in path else "?") + urlencode(params)
        started = time.perf_counter()
        try:
            answer = self._call(service, method, path, sent, data, timeout)
        finally:
            note_upstream(time.perf_counter() - started)
        return UpstreamResponse(answer.status, answer.body, answer.header_lines)

    def _call(
        self,
        service: str,
        method: str,
        path: str,
        headers: dict,
        data: bytes | None,
        timeout: tuple[float, float] | None,
    ) -> Answer:
        """One call, and for a read up to `read_retries` more: while the service cannot be
        reached, and once after it answered 502 or 503 (whose answer is passed on if the
        retry gets the same)."""
        client = self.clients[service]
        retries = self.read_retries if method in READ_METHODS else 0
        status_retries = min(1, retries)
        tried = 0
        while True:
            try:
                answer = client.call(method, path, headers, data, timeout)
            except CallFailed as failed:
                if failed.kind == "unreachable" and tried < retries:
                    tried = _pause(tried)
                    continue
                raise _error(service, failed) from failed
            if answer.status in RETRIED_STATUSES and status_retries and tried < retries:
                status_retries -= 1
                tried = _pause(tried)
                continue
            return answer

    def get_json(self, service: str, path: str, principal: Principal, **kwargs: object) -> dict:
        """GET a JSON document; a non-2xx answer raises the matching error."""
        resp = self.request(service, "GET", path, principal, **kwargs)
        if resp.status_code >= 400:
            raise UpstreamError(resp)
        try:
            return resp.json()
        except ValueError as err:
            raise BadGateway(f"The {service} service sent something that is not JSON.") from err

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


def _pause(tried: int) -> int:
    if tried:
        time.sleep(BACKOFF * 2**tried)
    return tried + 1


def _error(service: str, failed: CallFailed) -> Exception:
    if failed.kind == "timeout":
        return UpstreamTimeout(f"The {service} service did not answer in time.", service=service)
    if failed.kind == "bad":
        logger.warning("%s call failed: %s", service, failed)
        return BadGateway(f"The {service} service call failed.", service=service)
    logger.warning("%s unreachable: %s", service, failed)
    return ServiceUnavailable(
        f"The {service} service is unavailable; try again shortly.", service=service
    )


class UpstreamError(Exception):
    """A service answered with an error; the view passes it on as it came."""

    def __init__(self, response: UpstreamResponse) -> None:
        super().__init__(f"upstream answered {response.status_code}")
        self.response = response
