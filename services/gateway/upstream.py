"""Pooled HTTP clients to the services, with timeouts; only idempotent reads are retried.

urllib3 directly (what requests runs on): the proxy's hot path saves requests' per-call
session merging, which costs more than the rest of the gateway's own work.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from urllib.parse import unquote, urlencode, urlsplit

import urllib3
from urllib3.exceptions import (
    HTTPError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.util.retry import Retry

from services.gateway.config import GatewaySettings
from services.gateway.errors import BadGateway, ServiceUnavailable, UpstreamTimeout
from services.gateway.server_timing import note_upstream
from shared.principal import Binding, IssuedTokens, Principal, audience_for

logger = logging.getLogger(__name__)

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class UpstreamResponse:
    """A service's answer, read in full."""

    status_code: int
    content: bytes
    headers: urllib3.HTTPHeaderDict

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> object:
        return json.loads(self.content)


class Upstreams:
    """Owns one keep-alive pool per service; reads are retried, writes never."""

    def __init__(self, settings: GatewaySettings) -> None:
        self.urls = settings.upstreams
        self.tokens = IssuedTokens(settings.internal_secret)
        self.default_timeout = urllib3.Timeout(
            connect=settings.connect_timeout, read=settings.read_timeout
        )
        # One keep-alive pool per service, called by path: a PoolManager would parse the URL
        # and look its pool up again on every call.
        self.pools = {
            name: urllib3.connection_from_url(url, maxsize=settings.pool_size)
            for name, url in self.urls.items()
        }
        self.prefixes = {name: urlsplit(url).path.rstrip("/") for name, url in self.urls.items()}
        self.audiences = {name: audience_for(name) for name in self.urls}
        reads = Retry(
            total=settings.read_retries,
            connect=settings.read_retries,
            read=False,  # a read that timed out already used the caller's whole budget
            status=1,
            status_forcelist=(502, 503),
            allowed_methods=READ_METHODS,
            backoff_factor=0.05,
            raise_on_status=False,
            respect_retry_after_header=False,
        )
        self.retries = {True: reads, False: Retry(total=0, read=False, raise_on_status=False)}

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
        """Call a service as `principal`; raise ServiceUnavailable or UpstreamTimeout."""
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
            resp = self.pools[service].urlopen(
                method,
                path,
                body=data,
                headers=sent,
                timeout=self._timeout(timeout),
                retries=self.retries[method in READ_METHODS],
                redirect=False,
                assert_same_host=False,
            )
        except ReadTimeoutError as err:
            raise UpstreamTimeout(
                f"The {service} service did not answer in time.", service=service
            ) from err
        except MaxRetryError as err:
            if isinstance(err.reason, ReadTimeoutError):
                raise UpstreamTimeout(
                    f"The {service} service did not answer in time.", service=service
                ) from err
            logger.warning("%s unreachable: %s", service, err.reason)
            raise ServiceUnavailable(
                f"The {service} service is unavailable; try again shortly.", service=service
            ) from err
        except (NewConnectionError, ProtocolError) as err:
            logger.warning("%s unreachable: %s", service, err)
            raise ServiceUnavailable(
                f"The {service} service is unavailable; try again shortly.", service=service
            ) from err
        except HTTPError as err:
            logger.warning("%s call failed: %s", service, err)
            raise BadGateway(f"The {service} service call failed.", service=service) from err
        finally:
            note_upstream(time.perf_counter() - started)
        return UpstreamResponse(resp.status, resp.data, resp.headers)

    def _timeout(self, timeout: tuple[float, float] | None) -> urllib3.Timeout:
        if timeout is None:
            return self.default_timeout
        return urllib3.Timeout(connect=timeout[0], read=timeout[1])

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
        for pool in self.pools.values():
            pool.close()


class UpstreamError(Exception):
    """A service answered with an error; the view passes it on as it came."""

    def __init__(self, response: UpstreamResponse) -> None:
        super().__init__(f"upstream answered {response.status_code}")
        self.response = response
