"""The web processes' access log, sampled: every error and slow answer, one in N of the rest.

At a claim rush's rate a JSON line per request, through the supervisor's pipe, costs more CPU
than the claim's own Redis work. Errors (5xx) and slow answers are what operators look for,
so they are always written; the rest are sampled (ACCESS_LOG_SAMPLE, default 0.01; 1 writes
every line, 0 none). Request counts and latencies stay exact in /metrics.

A WSGI wrapper rather than the server's own access log: the choice is made before any line is
built, so a request that is not logged costs two clock reads and a draw.
"""

from __future__ import annotations

import logging
import os
import random
import time

SAMPLE = float(os.environ.get("ACCESS_LOG_SAMPLE", "0.01"))
SLOW_SECONDS = float(os.environ.get("ACCESS_LOG_SLOW_SECONDS", "1.0"))
LOGGER = "mall.access"


def kept(status: int, seconds: float, sample: float = SAMPLE, draw=random.random) -> bool:
    """Whether one answer's access line is written."""
    return status >= 500 or seconds >= SLOW_SECONDS or (sample > 0 and draw() < sample)


def sampled_access_log(app, logger: logging.Logger | None = None, sample: float = SAMPLE):
    """`app` with an access line for each answer `kept` keeps (logger `mall.access`)."""
    log = logger or logging.getLogger(LOGGER)

    def logged(environ, start_response):
        started = time.perf_counter()
        answered: list[int] = []

        def remember(status, headers, exc_info=None):
            answered.append(int(status[:3]))
            return start_response(status, headers, exc_info)

        try:
            return app(environ, remember)
        except BaseException:
            answered.append(500)
            raise
        finally:
            seconds = time.perf_counter() - started
            status = answered[-1] if answered else 500  # unknown: keep it
            if kept(status, seconds, sample):
                log.info(
                    "%s %s %s",
                    environ.get("REQUEST_METHOD"),
                    environ.get("PATH_INFO"),
                    status,
                    extra={
                        "status": status,
                        "duration_ms": round(seconds * 1000, 2),
                        "remote_addr": environ.get("REMOTE_ADDR"),
                        "user_agent": environ.get("HTTP_USER_AGENT"),
                    },
                )

    return logged
