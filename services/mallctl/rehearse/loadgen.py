"""A CPU-cheap claim driver: raw HTTP/1.1 keep-alive connections on one asyncio loop.

Why not wrk, locust or httpx: every claim needs its own member token and client address, and
the rush must leave the 2 cores to the mall. Locust spends milliseconds of CPU per request,
httpx a few hundred microseconds; wrk cannot read 38,077 tokens cheaply from Lua. Writing the
request bytes ourselves and reading just the status line, headers and body length costs about
40-60 µs of CPU per claim in one Python process.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Claim:
    """One member's request: whose token, from which address (header names for a service
    called directly: `X-Internal-Token`, no address)."""

    token: str
    address: str | None = None
    header: str = "Authorization"


@dataclass
class Outcome:
    """What the rush saw: statuses, latencies, connection errors, wall time."""

    statuses: Counter = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def done(self) -> int:
        return sum(self.statuses.values())

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def _request(host: str, path: str, claim: Claim) -> bytes:
    if claim.header == "Authorization":
        credentials = f"Authorization: Bearer {claim.token}\r\n"
    else:
        credentials = f"{claim.header}: {claim.token}\r\n"
    address = f"X-Forwarded-For: {claim.address}\r\n" if claim.address else ""
    return (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\n{credentials}{address}Content-Length: 0\r\n\r\n"
    ).encode()


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Return (status, keep_alive) after reading one whole response."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length, keep = 0, True
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection" and value.strip().lower() == b"close":
            keep = False
    if length:
        await reader.readexactly(length)
    return status, keep


async def _connection(url, path, claims, outcome, on_answer, timeout) -> None:
    reader = writer = None
    while claims:
        claim = claims.pop()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(url.hostname, url.port or 80)
            started = time.perf_counter()
            writer.write(_request(url.netloc, path, claim))
            status, keep = await asyncio.wait_for(_read_response(reader), timeout)
            outcome.latencies_ms.append((time.perf_counter() - started) * 1000)
            outcome.statuses[status] += 1
            on_answer(status)
            if not keep:
                writer.close()
                reader = writer = None
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as err:
            outcome.errors[type(err).__name__] += 1
            if writer is not None:
                writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _rush(base_url, path, claims, connections, on_answer, timeout) -> Outcome:
    url = urlsplit(base_url)
    pending = list(reversed(claims))  # pop() from the end serves them in order
    outcome = Outcome()
    started = time.perf_counter()
    await asyncio.gather(
        *(
            _connection(url, path, pending, outcome, on_answer, timeout)
            for _ in range(min(connections, len(claims)))
        )
    )
    outcome.seconds = time.perf_counter() - started
    return outcome


def rush(
    base_url: str,
    path: str,
    claims: Sequence[Claim],
    *,
    connections: int = 64,
    on_answer: Callable[[int], None] = lambda _status: None,
    timeout: float = 30.0,
) -> Outcome:
    """POST `path` once per claim over `connections` keep-alive connections; wait for all."""
    return asyncio.run(_rush(base_url, path, claims, connections, on_answer, timeout))
