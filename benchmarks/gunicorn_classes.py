"""The classes `gunicorn_conf.py` names: the mall's web processes as they ran under gunicorn.

OrphanReleasingThreadWorker: gunicorn's threaded worker, letting go of the listening port as
soon as its master is gone.

A master killed with SIGKILL leaves its workers behind. Each notices within a second, but keeps
the listening socket open while it finishes its requests in flight (up to graceful_timeout),
so the master supervisord starts again cannot bind the port and exits, and the service stays
away for that long plus supervisord's backoff. Closing the listener first frees the port at once;
the requests in flight still get their answers.
"""

from __future__ import annotations

import os
import random

from gunicorn.glogging import Logger
from gunicorn.workers.gthread import ThreadWorker

from services.mallctl.sampled_access_log import kept


class OrphanReleasingThreadWorker(ThreadWorker):
    def is_parent_alive(self) -> bool:
        if super().is_parent_alive():
            return True
        self.set_accept_enabled(False)
        for listener in self.sockets:
            listener.close()
        return False


class SampledAccessLogger(Logger):
    """Every error and slow answer, one in ACCESS_LOG_SAMPLE of the rest (sampled_access_log)."""

    sample = float(os.environ.get("ACCESS_LOG_SAMPLE", "0.01"))

    def access(self, resp, req, environ, request_time) -> None:
        status = getattr(resp, "status_code", None) or 500  # unknown: keep it
        if kept(status, request_time.total_seconds(), self.sample, random.random):
            super().access(resp, req, environ, request_time)
