"""Run a service's outbox relay and consumers in threads until SIGTERM."""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable

from shared.worker_health import serve_health_and_metrics

logger = logging.getLogger(__name__)

Loop = Callable[[threading.Event], None]


def every(interval: float, job: Callable[[], object], what: str) -> Loop:
    """A loop that runs `job` every `interval` seconds until stopped (a service's periodic job)."""

    def run(stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                job()
            except Exception:  # a database hiccup: try again next round
                logger.exception("%s failed; retrying next round", what)
            stop.wait(interval)

    return run


def run_loops(name: str, loops: dict[str, Loop], metrics_port: int | None = None) -> None:
    """Start each loop in a thread; stop them all cleanly on SIGTERM or SIGINT."""
    stop = threading.Event()

    def _stop(signum, _frame) -> None:
        logger.info("%s worker stopping on signal %s", name, signum)
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    threads = [
        threading.Thread(target=loop, args=(stop,), name=f"{name}-{label}", daemon=True)
        for label, loop in loops.items()
    ]
    if metrics_port:
        # Loopback unless told otherwise (containers set METRICS_ADDR=0.0.0.0 for Prometheus).
        serve_health_and_metrics(
            metrics_port,
            os.environ.get("METRICS_ADDR", "127.0.0.1"),
            alive=lambda: not stop.is_set() and all(t.is_alive() for t in threads),
        )
    for t in threads:
        t.start()
    logger.info("%s worker running: %s", name, ", ".join(loops))
    while not stop.is_set():
        stop.wait(1.0)
        dead = [t.name for t in threads if not t.is_alive()]
        if dead:
            logger.error("worker threads died: %s; stopping", dead)
            stop.set()
    for t in threads:
        t.join(timeout=15)
    logger.info("%s worker stopped", name)
