"""The gateway's HTTP/1.1 client to the services: libcurl through pycurl, one handle per thread.

The second hop is the gateway's largest cost that is not its own work: urllib3 spends more
Python per call (its pool queue, Retry and Timeout objects, http.client's response parsing
through `email.parser`) than the gateway's caller check, limits and headers together. libcurl
does the connection reuse, the sending and the parsing in C with the GIL released; each thread
keeps one handle per service, whose connection stays alive between calls (a connection the
service closed meanwhile is noticed and opened again by libcurl before the request is sent).

Errors are told apart by whether the request went out: before it (nothing listens, the
connect timed out) the call can be retried safely; after it (no answer, or none in time)
only the caller knows whether it may be.
"""

from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass
from urllib.parse import quote

import pycurl

# libcurl's own answers for a connection it could not open or lost before a reply
_NOT_SENT = frozenset(
    {pycurl.E_COULDNT_CONNECT, pycurl.E_COULDNT_RESOLVE_HOST, pycurl.E_SEND_ERROR}
)
_LOST = frozenset({pycurl.E_GOT_NOTHING, pycurl.E_RECV_ERROR, pycurl.E_PARTIAL_FILE})
# libcurl adds these unless told not to; the gateway passes on only what it was given
_SUPPRESSED = (b"Expect:", b"Accept:", b"Content-Type:")
# What may stand in a request target as it is (RFC 3986; `%` keeps what is encoded already)
_TARGET_SAFE = "!$&'()*+,;=:@/?%-._~"
_NEEDS_QUOTING = re.compile(r"[^A-Za-z0-9!$&'()*+,;=:@/?%._~-]")


class CallFailed(Exception):
    """A call that got no usable answer. `kind`: `unreachable` (the request never went out:
    safe to retry), `lost` (the connection broke after it went out), `timeout` (no answer in
    time after it went out) or `bad` (an answer that is not HTTP/1.1 as the gateway speaks it)."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Answer:
    status: int
    header_lines: list[bytes]  # raw `Name: value\r\n` lines of the final response
    body: bytes


class CurlClient:
    """Calls one base URL; thread-safe (a libcurl handle per thread)."""

    def __init__(self, base_url: str, connect_timeout: float, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.connect_ms = int(connect_timeout * 1000)
        self.timeout_ms = int(timeout * 1000)
        self._local = threading.local()
        # to close them all; a thread that ends (granian retires idle ones) takes its handle along
        self._handles: weakref.WeakSet[pycurl.Curl] = weakref.WeakSet()
        self._lock = threading.Lock()

    def _handle(self) -> tuple[pycurl.Curl, list[bytes]]:
        found = getattr(self._local, "handle", None)
        if found is not None:
            return found
        curl = pycurl.Curl()
        lines: list[bytes] = []
        curl.setopt(pycurl.NOSIGNAL, 1)  # timeouts without SIGALRM: threads
        curl.setopt(pycurl.PROXY, "")  # never an http_proxy from the environment
        curl.setopt(pycurl.NOPROXY, "*")
        curl.setopt(pycurl.HTTP_VERSION, pycurl.CURL_HTTP_VERSION_1_1)
        curl.setopt(pycurl.FOLLOWLOCATION, 0)
        curl.setopt(pycurl.MAXCONNECTS, 1)
        curl.setopt(pycurl.HEADERFUNCTION, lines.append)
        self._local.handle = (curl, lines)
        with self._lock:
            self._handles.add(curl)
        return curl, lines

    def call(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        body: bytes | None = None,
        timeout: tuple[float, float] | None = None,
    ) -> Answer:
        """Send one request and read the whole answer; raise CallFailed without one."""
        curl, lines = self._handle()
        lines.clear()
        if _NEEDS_QUOTING.search(path):  # as urllib3 did: a decoded path goes out encoded
            path = quote(path, safe=_TARGET_SAFE)
        curl.setopt(pycurl.URL, self.base_url + path)
        if method == "GET" and body is None:
            curl.setopt(pycurl.HTTPGET, 1)  # also clears a HEAD's NOBODY
            curl.unsetopt(pycurl.CUSTOMREQUEST)
        elif method == "HEAD":
            curl.setopt(pycurl.NOBODY, 1)
            curl.unsetopt(pycurl.CUSTOMREQUEST)
        else:
            curl.setopt(pycurl.POSTFIELDS, body or b"")
            curl.setopt(pycurl.CUSTOMREQUEST, method)
        names = {name.lower().encode("latin-1") for name in headers}
        # latin-1, as HTTP/1.1 carries header values (and as http.client sent them)
        sent = [f"{name}: {value}".encode("latin-1") for name, value in headers.items()]
        sent.extend(h for h in _SUPPRESSED if h[:-1].lower() not in names)
        curl.setopt(pycurl.HTTPHEADER, sent)
        if timeout is None:
            curl.setopt(pycurl.CONNECTTIMEOUT_MS, self.connect_ms)
            curl.setopt(pycurl.TIMEOUT_MS, self.timeout_ms)
        else:
            curl.setopt(pycurl.CONNECTTIMEOUT_MS, int(timeout[0] * 1000))
            curl.setopt(pycurl.TIMEOUT_MS, int(timeout[1] * 1000))
        try:
            content = curl.perform_rb()
        except pycurl.error as err:
            raise _failure(curl, err) from err
        return Answer(curl.getinfo(pycurl.RESPONSE_CODE), _final_headers(lines), content)

    def close(self) -> None:
        with self._lock:
            handles = list(self._handles)
            self._handles.clear()
        for curl in handles:
            curl.close()


def _final_headers(lines: list[bytes]) -> list[bytes]:
    """The header lines of the last response (a `100 Continue` comes before it)."""
    start = 0
    for i, line in enumerate(lines):
        if line.startswith(b"HTTP/"):
            start = i + 1
    return lines[start:]


def _failure(curl: pycurl.Curl, err: pycurl.error) -> CallFailed:
    code, message = err.args[0], err.args[-1]
    sent = curl.getinfo(pycurl.REQUEST_SIZE) > 0  # libcurl counts what it wrote
    if code == pycurl.E_OPERATION_TIMEDOUT:
        return CallFailed(message, "timeout" if sent else "unreachable")
    if code in _NOT_SENT:
        return CallFailed(message, "lost" if sent else "unreachable")
    if code in _LOST:
        return CallFailed(message, "lost")
    return CallFailed(f"libcurl error {code}: {message}", "bad")
