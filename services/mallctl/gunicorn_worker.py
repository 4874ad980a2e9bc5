"""gunicorn's threaded worker, letting go of the listening port as soon as its master is gone.

A master killed with SIGKILL leaves its workers behind. Each notices within a second, but keeps
the listening socket open while it finishes its requests in flight (up to graceful_timeout),
so the master supervisord starts again cannot bind the port and exits, and the service stays
away for that long plus supervisord's backoff. Closing the listener first frees the port at once;
the requests in flight still get their answers.
"""

from __future__ import annotations

from gunicorn.workers.gthread import ThreadWorker


class OrphanReleasingThreadWorker(ThreadWorker):
    def is_parent_alive(self) -> bool:
        if super().is_parent_alive():
            return True
        self.set_accept_enabled(False)
        for listener in self.sockets:
            listener.close()
        return False
