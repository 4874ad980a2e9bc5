"""Redis writes that must follow a commit, retried in the background while Redis is away.

A cache entry made stale by a committed change (a revoked key, a suspended merchant's page)
would otherwise live until its TTL if Redis was unreachable just then. The retries stop once
that TTL has passed: by then the entry has expired by itself.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from redis import RedisError
from tenacity import Retrying, retry_if_exception_type, stop_after_delay, wait_exponential

logger = logging.getLogger(__name__)


class RetryLater:
    """One daemon thread per process, taking the failed writes in the order they failed."""

    def __init__(self, name: str, give_up_after: float, max_wait: float = 1.0) -> None:
        self.name = name
        self.give_up_after = give_up_after
        self.max_wait = max_wait
        self._queue: queue.Queue[tuple[float, str, Callable[[], None]]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, what: str, write: Callable[[], None]) -> None:
        """Retry `write` until it succeeds or `give_up_after` seconds have passed."""
        self._queue.put((time.monotonic() + self.give_up_after, what, write))
        with self._lock:  # started on first use, so a web server's worker starts its own
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()

    def pending(self) -> int:
        return self._queue.unfinished_tasks

    def _run(self) -> None:
        while True:
            deadline, what, write = self._queue.get()
            try:
                self._retry(deadline, what, write)
            finally:
                self._queue.task_done()

    def _retry(self, deadline: float, what: str, write: Callable[[], None]) -> None:
        left = deadline - time.monotonic()
        if left <= 0:
            logger.warning("%s: gave up on %s; the entry has expired by now", self.name, what)
            return
        try:
            for attempt in Retrying(
                stop=stop_after_delay(left),
                wait=wait_exponential(multiplier=0.05, max=self.max_wait),
                retry=retry_if_exception_type(RedisError),
                reraise=True,
            ):
                with attempt:
                    write()
        except RedisError as err:
            logger.warning(
                "%s: gave up on %s (%s); the entry has expired by now", self.name, what, err
            )
            return
        logger.info("%s: %s done after Redis came back", self.name, what)
