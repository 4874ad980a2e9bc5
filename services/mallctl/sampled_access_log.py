"""Gunicorn's access log, sampled: every error and slow answer, one in N of the rest.

At a claim rush's rate a JSON line per request, through the supervisor's pipe, costs more CPU
than the claim's own Redis work. Errors (5xx) and slow answers are what operators look for,
so they are always written; the rest are sampled (ACCESS_LOG_SAMPLE, default 0.01; 1 writes
every line, 0 none). Request counts and latencies stay exact in /metrics.
"""

from __future__ import annotations

import os
import random

from gunicorn.glogging import Logger

SAMPLE = float(os.environ.get("ACCESS_LOG_SAMPLE", "0.01"))
SLOW_SECONDS = float(os.environ.get("ACCESS_LOG_SLOW_SECONDS", "1.0"))


def kept(status: int, seconds: float, sample: float = SAMPLE, draw=random.random) -> bool:
    """Whether one answer's access line is written."""
    return status >= 500 or seconds >= SLOW_SECONDS or (sample > 0 and draw() < sample)


class SampledAccessLogger(Logger):
    def access(self, resp, req, environ, request_time) -> None:
        status = getattr(resp, "status_code", None) or 500  # unknown: keep it
        if kept(status, request_time.total_seconds()):
            super().access(resp, req, environ, request_time)
