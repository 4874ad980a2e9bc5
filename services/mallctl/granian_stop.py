"""granian's server, but a worker that stopped in time is never taken for one that refused to.

granian (2.8) waits for each worker process from two threads: a watcher thread per worker
blocks in waitpid() to notice a crash, and on SIGTERM the main thread joins each worker with
the graceful timeout. When a worker exits both call waitpid(); the loser gets ECHILD, which
multiprocessing reads as "still running", so the main thread logged "Killing worker-N after it
refused to gracefully stop" and sent SIGKILL to a pid already reaped (which a new process may
have taken), though the worker had stopped in milliseconds. Here a worker has stopped once the
pipe only it holds (multiprocessing's sentinel) closes, which its exit does; no second waitpid.
"""

from __future__ import annotations

import logging
import time
from multiprocessing.connection import wait

from granian.server.mp import MPServer

logger = logging.getLogger("_granian")  # granian's own logger: the lines read as before


class Server(MPServer):
    def _stop_workers(self) -> None:
        """Stop every worker; kill the ones still running once the graceful timeout is spent."""
        for wrk in self.wrks:
            wrk.terminate()
        timeout = self.workers_kill_timeout or None
        deadline = time.monotonic() + (timeout or 0)
        for wrk in self.wrks:
            left = None if timeout is None else max(deadline - time.monotonic(), 0)
            if not wait([wrk.inner.sentinel], left):
                logger.warning(f"Killing worker-{wrk.idx + 1} after it refused to gracefully stop")
                wrk.kill()
            wrk.inner.join()  # reaps it, unless its watcher thread did: then ECHILD, and done
            logger.info(f"Stopped worker-{wrk.idx + 1}")
        self.wrks.clear()
