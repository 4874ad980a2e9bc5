"""Group commit: the claims this process is writing at the same moment share one transaction.

During a rush most of a claim's database cost is its own transaction: a connection checkout
and ping, BEGIN, COMMIT and its WAL flush. A claim hands its write (a function of the session)
to `GroupCommit.run`; the first of a burst leads, waits for the claims already on their way
(announced with `expected()` as they reach the gate) for at most `window` seconds, and runs
every write of the group in one transaction. Nobody is answered before that transaction has
committed, so a 201 still means "in PostgreSQL". A group that fills up (`max_group`) goes at
once, and so does a leader that nobody else is coming after: a few threads never wait out
the window for claims that cannot come.

When the group's transaction fails, each write is run again alone, so one claim's collision
(or limit) spoils no other; what still fails is raised to its own claim, which gives its gate
slot back as before.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from shared.staged_inserts import staging

Write = Callable[[Session], Any]
_announced: contextvars.ContextVar[bool] = contextvars.ContextVar("announced", default=False)


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
        self, session_factory: sessionmaker[Session], window: float = 0.01, max_group: int = 32
    ) -> None:
        self.session_factory = session_factory
        self.window = window
        self.max_group = max_group
        self._changed = threading.Condition()  # guards what follows; notified as writes arrive
        self._queue: list[_Pending] = []
        self._leading = False
        self._coming = 0  # writes announced (`expected`) and not yet queued
        self.groups = 0  # transactions run, and the most writes one of them held (tests)
        self.largest_group = 0

    @contextmanager
    def expected(self) -> Iterator[None]:
        """Announce a write this thread is about to hand to `run`: a leader waits for it (within
        the window). Leaving the block without a write withdraws the announcement."""
        with self._changed:
            self._coming += 1
        announced = _announced.set(True)
        try:
            yield
        finally:
            if _announced.get():
                self._arrived()
            _announced.reset(announced)

    def _arrived(self) -> None:
        _announced.set(False)
        with self._changed:
            self._coming -= 1
            self._changed.notify_all()

    def run(self, write: Write) -> Any:
        """Run `write(session)` in a committed transaction shared with concurrent writes."""
        mine = _Pending(write)
        with self._changed:
            self._queue.append(mine)
        if _announced.get():
            self._arrived()
        while not mine.done.is_set():
            if self._take_lead(mine):
                self._lead()
            else:
                mine.done.wait(self.window)
        if mine.error is not None:
            raise mine.error
        return mine.result

    def _take_lead(self, mine: _Pending) -> bool:
        with self._changed:
            if self._leading or mine.taken:
                return False
            self._leading = True
            return True

    def _lead(self) -> None:
        try:
            deadline = time.monotonic() + self.window
            with self._changed:
                # let the writes on their way join this group, for at most the window
                while self._coming and len(self._queue) < self.max_group:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._changed.wait(left)
                group = self._queue[: self.max_group]
                del self._queue[: self.max_group]
                for pending in group:
                    pending.taken = True
        finally:
            with self._changed:
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
