"""Prometheus metrics shared by every process; one definition each."""

from __future__ import annotations

import os
import re

from prometheus_client import Counter, Gauge, Histogram

HTTP_LATENCY = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "endpoint", "status"],
)
OUTBOX_BACKLOG = Gauge("outbox_backlog", "Events waiting in the outbox", ["service"])
OUTBOX_PUBLISHED = Counter(
    "outbox_published_total", "Events published from the outbox", ["service"]
)
EVENTS_CONSUMED = Counter(
    "events_consumed_total", "Events handled by consumers", ["consumer", "outcome"]
)
CONSUMER_LAG = Gauge("consumer_lag", "Messages behind the end of the topic", ["consumer", "topic"])
CONSUMER_WAITING = Gauge(
    "consumer_waiting_seconds", "How long a batch has waited for an outage to end", ["consumer"]
)
CONSUMER_PARKED_AFTER_WAIT = Counter(
    "consumer_parked_after_wait_total",
    "Events parked because their transient failures outlasted the consumer's wait",
    ["consumer"],
)
CACHE_REQUESTS = Counter("cache_requests_total", "Cache look-ups", ["cache", "result"])


def drop_dead_workers(folder: str) -> list[int]:
    """Forget the live gauges of every process that wrote to `folder` and is gone.

    In multiprocess mode each worker writes its own files (`<kind>_<pid>.db`); a `livesum` or
    `liveall` gauge of a dead worker would count for ever. gunicorn's master did this on each
    worker's exit; a server without that hook calls this as each worker starts. Counters of dead
    workers stay, as they did under gunicorn: a sum that fell when a worker died would read as a
    reset.
    """
    from prometheus_client import multiprocess

    dead = set()
    for name in os.listdir(folder):
        match = _WORKER_FILE.match(name)
        if match and not _alive(int(match.group(1))):
            dead.add(int(match.group(1)))
    for pid in sorted(dead):
        multiprocess.mark_process_dead(pid, folder)
    return sorted(dead)


_WORKER_FILE = re.compile(r"^gauge_live\w+?_(\d+)\.db$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process has that pid now
    return True
