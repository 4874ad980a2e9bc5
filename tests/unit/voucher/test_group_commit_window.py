"""How long a group commit gathers: the window, cut short by a full group; a lone write at once."""

from __future__ import annotations

import threading
import time

from services.voucher.service_layer.group_commit import GroupCommit

LONG_WINDOW = 30.0  # seconds: a test that waited it out would fail its time bound by far


class _Session:
    """What GroupCommit asks of a SQLAlchemy session, counting the transactions."""

    def __init__(self, log: list[str]) -> None:
        self.info: dict = {}
        self.log = log

    def __enter__(self) -> _Session:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def begin(self) -> _Session:
        self.log.append("transaction")
        return self

    def connection(self) -> None:
        return None


def _run_in_thread(commits: GroupCommit, write, results: dict, name: str) -> threading.Thread:
    thread = threading.Thread(target=lambda: results.__setitem__(name, commits.run(write)))
    thread.start()
    return thread


def test_a_full_group_commits_without_waiting_out_the_window():
    log: list[str] = []
    commits = GroupCommit(lambda: _Session(log), window=LONG_WINDOW, max_group=4)
    results: dict = {}
    release = threading.Event()
    # A first write that is still committing: the next leader is not alone, so it waits for
    # others to join, until four of them fill a group.
    first = _run_in_thread(commits, lambda _s: release.wait(LONG_WINDOW), results, "first")
    while commits.groups < 1:
        time.sleep(0.01)
    began = time.monotonic()
    others = [_run_in_thread(commits, lambda _s, i=i: i, results, f"w{i}") for i in range(4)]
    for thread in others:
        thread.join(LONG_WINDOW / 3)
    waited = time.monotonic() - began
    release.set()
    first.join(LONG_WINDOW)
    assert {k: v for k, v in results.items() if k != "first"} == {f"w{i}": i for i in range(4)}
    assert waited < LONG_WINDOW / 3
    assert commits.groups == 2 and commits.largest_group == 4
    assert results["first"] is True


def test_a_lone_write_does_not_wait():
    log: list[str] = []
    commits = GroupCommit(lambda: _Session(log), window=LONG_WINDOW)
    began = time.monotonic()
    assert commits.run(lambda _session: "done") == "done"
    assert time.monotonic() - began < LONG_WINDOW / 3
    assert log == ["transaction"]
