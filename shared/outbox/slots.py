"""Relays share the outbox by slot: each event's slot is a hash of its aggregate id, and each
slot is leased to one relay at a time, so events of one aggregate stay in order while several
relays publish side by side. Live relays announce themselves; each takes about SLOTS / live."""

from __future__ import annotations

import hashlib
import math
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Table, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

# Fixed for good: an unpublished row's slot must mean the same thing to every relay version.
SLOTS = 32


def slot_of(aggregate_id: str) -> int:
    """The outbox slot of an aggregate (crc32: stable across processes, unlike hash())."""
    return zlib.crc32(aggregate_id.encode()) % SLOTS


def slot_name(slot: int) -> str:
    return f"slot:{slot}"


class SlotLeases:
    """The slots this relay holds: renewed, rebalanced and handed back through relay_lease."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        lease_table: Table,
        holder: str,
        lease: timedelta,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._clock = clock
        self._factory = session_factory
        self._t = lease_table
        self.holder = holder
        self.member = "relay:" + hashlib.sha256(holder.encode()).hexdigest()[:20]
        self.lease = lease
        self.held: list[int] = []
        self._held_until = datetime.min.replace(tzinfo=UTC)
        self._next_check = self._held_until
        self._hungry = True

    def usable(self) -> list[int]:
        """The slots to publish now: renewed or rebalanced first when it is time, and none
        whose lease could lapse during a batch."""
        now = self._clock()
        if self._hungry or now >= self._next_check:
            self._rebalance(now)
        return self.held if now < self._held_until - self.lease / 4 else []

    def _rebalance(self, now: datetime) -> None:
        until, lease = now + self.lease, self._t
        slot_rows = lease.c.name.like("slot:%")
        with self._factory() as session, session.begin():
            self._heartbeat(session, until)
            session.execute(
                lease.update()
                .where(slot_rows, lease.c.holder == self.holder)
                .values(expires_at=until)
            )
            rows = session.execute(select(lease.c.name, lease.c.holder, lease.c.expires_at)).all()
            live = sum(
                1
                for r in rows
                if r.name.startswith("relay:") and r.expires_at and r.expires_at > now
            )
            slots = {int(r.name[5:]): r for r in rows if r.name.startswith("slot:")}
            mine = sorted(s for s, r in slots.items() if r.holder == self.holder)
            share = math.ceil(SLOTS / max(live, 1))
            for extra in mine[share:]:  # others joined: hand back what is over our share
                session.execute(
                    lease.update()
                    .where(lease.c.name == slot_name(extra), lease.c.holder == self.holder)
                    .values(holder=None, expires_at=None)
                )
            mine = mine[:share]
            free = [
                s
                for s in range(SLOTS)
                if s not in slots
                or slots[s].holder is None
                or (slots[s].holder != self.holder and slots[s].expires_at < now)
            ]
            for slot in free[: max(share - len(mine), 0)]:
                if self._take(session, slot, now, until):
                    mine.append(slot)
        self.held = sorted(mine)
        self._held_until = until
        self._next_check = now + self.lease / 6
        self._hungry = len(self.held) < SLOTS // max(live, 1)

    def _heartbeat(self, session: Session, until: datetime) -> None:
        lease = self._t
        renewed = session.execute(
            lease.update().where(lease.c.name == self.member).values(expires_at=until)
        ).rowcount
        if not renewed:
            session.execute(
                lease.insert().values(name=self.member, holder=self.holder, expires_at=until)
            )
        session.execute(  # relays long gone
            delete(lease).where(
                lease.c.name.like("relay:%"), lease.c.expires_at < until - 20 * self.lease
            )
        )

    def _take(self, session: Session, slot: int, now: datetime, until: datetime) -> bool:
        lease = self._t
        taken = session.execute(
            lease.update()
            .where(lease.c.name == slot_name(slot))
            .where((lease.c.holder.is_(None)) | (lease.c.expires_at < now))
            .values(holder=self.holder, expires_at=until)
        ).rowcount
        if taken:
            return True
        try:
            with session.begin_nested():
                session.execute(
                    lease.insert().values(
                        name=slot_name(slot), holder=self.holder, expires_at=until
                    )
                )
            return True
        except IntegrityError:
            return False  # another relay got there first

    def release(self) -> None:
        """Hand every slot back at once (a clean stop): the others need not wait for expiry."""
        lease = self._t
        with self._factory() as session, session.begin():
            session.execute(
                lease.update()
                .where(lease.c.holder == self.holder, lease.c.name.like("slot:%"))
                .values(holder=None, expires_at=None)
            )
            session.execute(delete(lease).where(lease.c.name == self.member))
        self.held, self._hungry = [], True
        self._held_until = datetime.min.replace(tzinfo=UTC)


def adopt_unslotted(session_factory: sessionmaker[Session], outbox: Table) -> int:
    """Give a slot to unpublished rows written without one (before the slot column, or by an
    older process during a rolling upgrade); the holder of slot 0 does it."""
    with session_factory() as session, session.begin():
        rows = session.execute(
            select(outbox.c.id, outbox.c.key)
            .where(outbox.c.slot.is_(None), outbox.c.published_at.is_(None))
            .limit(1000)
        ).all()
        for row in rows:
            session.execute(
                outbox.update().where(outbox.c.id == row.id).values(slot=slot_of(row.key))
            )
    return len(rows)
