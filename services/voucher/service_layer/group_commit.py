"""Group commit: the claims this process is writing at the same moment share one transaction.

During a rush most of a claim's database cost is its own transaction: a connection checkout
and ping, BEGIN, COMMIT and its WAL flush. A claim hands its write (a function of the session)
to `GroupCommit.run`; the first of a burst leads, waits `window` seconds for the others to
join, and runs every write of the group in one transaction. Nobody is answered before that
transaction has committed, so a 201 still means "in PostgreSQL". A group that fills up
(`max_group`) is committed at once, without waiting out the window.

When the group's transaction fails, each write is run again alone, so one claim's collision
(or limit) spoils no other; what still fails is raised to its own claim, which gives its gate
slot back as before. A lone claim (nothing else in flight) does not wait.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from shared.staged_inserts import staging

Write = Callable[[Session], Any]


class _Pending:
    __slots__ = ("write", "context", "taken", "done", "result", "error")

    def __init__(self, write: Write) -> None:
        self.write = write
        self.context = contextvars.copy_context()  # its request id, whoever runs it
        self.taken = False
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None


class GroupCommit:
    """Coalesce concurrent writes into one transaction (window in seconds, at most max_group)."""

    def __init__(
        self, session_factory: sessionmaker[Session], window: float = 0.002, max_group: int = 32
    ) -> None:
        self.session_factory = session_factory
        self.window = window
        self.max_group = max_group
        self._lock = threading.Lock()
        self._queue: list[_Pending] = []
        self._leading = False
        self._in_flight = 0
        self._full = threading.Event()  # the queue holds a whole group: the leader stops waiting
        self.groups = 0  # transactions run, and the most writes one of them held (tests)
        self.largest_group = 0

    def run(self, write: Write) -> Any:
        """Run `write(session)` in a committed transaction shared with concurrent writes."""
        mine = _Pending(write)
        with self._lock:
            self._queue.append(mine)
            self._in_flight += 1
            if len(self._queue) >= self.max_group:
                self._full.set()
        try:
            while not mine.done.is_set():
                if self._take_lead(mine):
                    self._lead()
                else:
                    mine.done.wait(self.window)
        finally:
            with self._lock:
                self._in_flight -= 1
        if mine.error is not None:
            raise mine.error
        return mine.result

    def _take_lead(self, mine: _Pending) -> bool:
        with self._lock:
            if self._leading or mine.taken:
                return False
            self._leading = True
            return True

    def _lead(self) -> None:
        try:
            with self._lock:
                alone = self._in_flight <= 1
            if not alone and self.window > 0:
                self._full.wait(self.window)  # let the claims arriving now join this group
            with self._lock:
                group = self._queue[: self.max_group]
                del self._queue[: self.max_group]
                if len(self._queue) < self.max_group:
                    self._full.clear()
                for pending in group:
                    pending.taken = True
        finally:
            with self._lock:
                self._leading = False  # the next group can gather while this one commits
        self._commit(group)

    def _commit(self, group: list[_Pending]) -> None:
        self.groups += 1
        self.largest_group = max(self.largest_group, len(group))
        try:
            # staging: the group's rows go in one executemany per table, before the COMMIT
            with self.session_factory() as session, session.begin(), staging(session):
                results = [pending.context.run(pending.write, session) for pending in group]
        except Exception as err:  # noqa: BLE001 - each write's own outcome decides
            if len(group) == 1:
                group[0].error = err
            else:
                for pending in group:  # alone, so one write's failure spoils no other
                    self._commit([pending])
        else:
            for pending, result in zip(group, results, strict=True):
                pending.result = result
        finally:
            for pending in group:  # never leave a claim waiting, whatever happened
                if pending.result is None and pending.error is None:
                    pending.error = RuntimeError("the group commit was interrupted")
                pending.done.set()
