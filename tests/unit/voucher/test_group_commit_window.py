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


def _in_thread(target) -> threading.Thread:
    thread = threading.Thread(target=target)
    thread.start()
    return thread


def _announced_writer(commits: GroupCommit, go: threading.Event, results: dict, name: str):
    """A claim on its way: announced at once, handing its write over once `go` is set."""
    announced = threading.Event()

    def claim() -> None:
        with commits.expected():
            announced.set()
            go.wait(LONG_WINDOW)
            results[name] = commits.run(lambda _s: name)

    thread = _in_thread(claim)
    announced.wait(LONG_WINDOW)
    return thread


def _make(log: list[str], max_group: int = 32) -> GroupCommit:
    return GroupCommit(lambda: _Session(log), window=LONG_WINDOW, max_group=max_group)


def test_the_leader_waits_for_a_write_on_its_way_and_no_longer():
    log: list[str] = []
    commits = _make(log)
    results: dict = {}
    go = threading.Event()
    coming = _announced_writer(commits, go, results, "coming")
    leader = _in_thread(lambda: results.__setitem__("leader", commits.run(lambda _s: "leader")))
    time.sleep(0.3)
    assert results == {} and log == []  # the leader is waiting for the announced write
    began = time.monotonic()
    go.set()
    for thread in (leader, coming):
        thread.join(LONG_WINDOW)
    assert time.monotonic() - began < LONG_WINDOW / 3
    assert results == {"leader": "leader", "coming": "coming"}
    assert log == ["transaction"] and commits.largest_group == 2


def test_a_full_group_goes_without_waiting_for_more():
    log: list[str] = []
    commits = _make(log, max_group=2)
    results: dict = {}
    go, later = threading.Event(), threading.Event()
    first = _announced_writer(commits, go, results, "first")
    second = _announced_writer(commits, go, results, "second")
    last = _announced_writer(commits, later, results, "last")  # on its way, for now
    began = time.monotonic()
    go.set()
    first.join(LONG_WINDOW / 3)
    second.join(LONG_WINDOW / 3)
    assert time.monotonic() - began < LONG_WINDOW / 3
    assert results == {"first": "first", "second": "second"} and commits.largest_group == 2
    later.set()
    last.join(LONG_WINDOW / 3)
    assert results["last"] == "last" and log == ["transaction", "transaction"]


def test_a_claim_that_turns_back_is_not_waited_for():
    log: list[str] = []
    commits = _make(log)
    results: dict = {}
    turn_back = threading.Event()

    def refused_claim() -> None:  # say, sold out at the gate: it never writes
        with commits.expected():
            turn_back.wait(LONG_WINDOW)

    refused = _in_thread(refused_claim)
    time.sleep(0.1)
    leader = _in_thread(lambda: results.__setitem__("leader", commits.run(lambda _s: "leader")))
    time.sleep(0.2)
    assert results == {}
    began = time.monotonic()
    turn_back.set()
    leader.join(LONG_WINDOW)
    refused.join(LONG_WINDOW)
    assert time.monotonic() - began < LONG_WINDOW / 3
    assert results == {"leader": "leader"}


def test_a_lone_write_does_not_wait():
    log: list[str] = []
    commits = _make(log)
    began = time.monotonic()
    assert commits.run(lambda _session: "done") == "done"
    assert time.monotonic() - began < LONG_WINDOW / 3
    assert log == ["transaction"]
