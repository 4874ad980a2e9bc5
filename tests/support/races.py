"""Races for tests: calls released together from their own threads."""

from __future__ import annotations

import threading
from collections.abc import Callable


def together(calls: dict[str, Callable[[], object]]) -> dict[str, object]:
    """Run each call in its own thread, all released together; what each returned, or the
    exception it raised, by name."""
    results: dict[str, object] = {}
    barrier = threading.Barrier(len(calls))

    def go(name: str) -> None:
        barrier.wait()
        try:
            results[name] = calls[name]()
        except Exception as err:  # noqa: BLE001 - the test asserts on it
            results[name] = err

    threads = [threading.Thread(target=go, args=(name,)) for name in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results
