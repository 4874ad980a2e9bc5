"""The fast lane's request latencies, tallied in memory and added to the histogram each second.

In multiprocess mode one histogram observation takes a lock, asks the kernel for the pid and
writes two values into a memory-mapped file; at the lane's rate that was more than its caller
check. Here a request costs a bucket look-up and two additions; a thread adds each second's
tally per series (`http_request_duration_seconds`, the same series Flask's hook counts in)
at once, and whatever is left when the process exits. /metrics may lag by up to a second.
"""

from __future__ import annotations

import atexit
import bisect
import logging
import os
import threading
import time
import weakref

from shared.web.request_context import latency_series

logger = logging.getLogger(__name__)
FLUSH_SECONDS = 1.0

_tallies: weakref.WeakSet[LatencyTally] = weakref.WeakSet()
_flusher_pid = 0
_flusher_lock = threading.Lock()


class LatencyTally:
    """Latencies of one service's answers to one route, by method and status."""

    def __init__(self, service: str, rule: str) -> None:
        self.service = service
        self.rule = rule
        self.lock = threading.Lock()
        self.pending: dict[tuple[str, int], list[float]] = {}  # bucket counts, then the sum
        probe = latency_series(service, "GET", rule, 200)
        # the histogram's own buckets, so each observation lands where observe() puts it
        self.bounds = list(probe._upper_bounds)
        _tallies.add(self)
        _start_flusher()

    def observe(self, method: str, status: int, seconds: float) -> None:
        bucket = bisect.bisect_left(self.bounds, seconds)  # the first bound >= seconds
        with self.lock:
            counts = self.pending.get((method, status))
            if counts is None:
                counts = self.pending[(method, status)] = [0] * len(self.bounds) + [0.0]
            counts[bucket] += 1
            counts[-1] += seconds

    def flush(self) -> None:
        """Add what was tallied to the histogram."""
        with self.lock:
            pending, self.pending = self.pending, {}
        for (method, status), counts in pending.items():
            series = latency_series(self.service, method, self.rule, status)
            for bucket, count in enumerate(counts[:-1]):
                if count:
                    series._buckets[bucket].inc(count)
            series._sum.inc(counts[-1])


def flush_all() -> None:
    for tally in list(_tallies):
        tally.flush()


def _start_flusher() -> None:
    """One flushing thread per process (a forked worker starts its own)."""
    global _flusher_pid
    with _flusher_lock:
        if _flusher_pid == os.getpid():
            return
        _flusher_pid = os.getpid()
    threading.Thread(target=_flush_forever, name="latency-tally", daemon=True).start()


def _flush_forever() -> None:
    while True:
        time.sleep(FLUSH_SECONDS)
        try:
            flush_all()
        except Exception:  # the next second tries again; requests go on
            logger.exception("request latencies not added to the histogram")


atexit.register(flush_all)
