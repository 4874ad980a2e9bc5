"""Outbox relay throughput with 1 and with 2 relay processes sharing one outbox by slot
(shared.outbox.slots), side by side in one run, and the relays' CPU per event."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

from sqlalchemy import MetaData, func, select

from benchmarks.harness import report, scratch_database
from shared.bootstrap import build_infra
from shared.config import Settings
from shared.events import new_event
from shared.outbox import define_messaging_tables
from shared.outbox.slots import SLOTS
from shared.outbox.store import add_event

N = int(os.environ.get("BENCH_RELAY_EVENTS", "20000"))
TOPIC = "voucher.events"
TICKS = os.sysconf("SC_CLK_TCK")


def expired(i: int):
    voucher = f"v{i % 2000}"
    data = {"voucher_id": voucher, "campaign_id": "c1", "member_id": f"m{i}"}
    data["expired_at"] = "2026-11-28T00:00:00+00:00"
    return new_event("voucher.expired", voucher, data, producer="bench")


def build(url: str, prefix: str):
    metadata = MetaData()
    tables = define_messaging_tables(metadata)
    infra = build_infra(
        Settings.from_mapping("bench", {"database_url": url, "topic_prefix": prefix}), tables
    )
    return infra, metadata


def relay_process(url: str, prefix: str) -> None:
    """One relay, as a worker runs it, until SIGTERM."""
    infra, _ = build(url, prefix)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    infra.relay(batch_size=500, lease_seconds=3.0).run(stop, 0.01)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def count(infra, where) -> int:
    with infra.session_factory() as session:
        return session.execute(
            select(func.count()).select_from(infra.tables.outbox).where(where)
        ).scalar_one()


def balanced(infra, relays: int) -> bool:
    lease = infra.tables.relay_lease
    with infra.session_factory() as session:
        holders = session.execute(
            select(lease.c.holder, func.count())
            .where(lease.c.name.like("slot:%"), lease.c.holder.is_not(None))
            .group_by(lease.c.holder)
        ).all()
    return len(holders) == relays and sum(n for _, n in holders) == SLOTS


def run(relays: int) -> tuple[float, float]:
    """Events per second and relay CPU-ms per event with `relays` relay processes."""
    with scratch_database(f"bench_relay{relays}") as url:
        prefix = f"{url.rsplit('/', 1)[1]}."
        infra, metadata = build(url, prefix)
        metadata.create_all(infra.engine)
        infra.ensure_topics([TOPIC])
        ctx = multiprocessing.get_context("spawn")
        procs = [ctx.Process(target=relay_process, args=(url, prefix)) for _ in range(relays)]
        for p in procs:
            p.start()
        try:
            deadline = time.monotonic() + 60
            while not balanced(infra, relays):
                assert time.monotonic() < deadline, "the relays did not share the slots"
                time.sleep(0.2)
            cpu0 = sum(cpu_seconds(p.pid) for p in procs)
            with infra.session_factory() as session, session.begin():
                for i in range(N):
                    event = expired(i)
                    add_event(session, infra.tables.outbox, infra.settings.topic(TOPIC), event)
            start = time.perf_counter()
            unpublished = infra.tables.outbox.c.published_at.is_(None)
            while count(infra, unpublished):
                time.sleep(0.05)
            elapsed = time.perf_counter() - start
            cpu = sum(cpu_seconds(p.pid) for p in procs) - cpu0
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                p.join(timeout=30)
            infra.engine.dispose()
    return N / elapsed, cpu * 1000 / N


def main() -> None:
    one_eps, one_cpu = run(1)
    two_eps, two_cpu = run(2)
    report(
        "relay_scaling",
        two_eps / one_eps,
        "1.5",
        events=N,
        relay1_eps=round(one_eps),
        relay2_eps=round(two_eps),
        relay_cpu_ms_per_event=round(one_cpu, 3),
        cores=os.cpu_count(),
        db="postgresql",
    )


if __name__ == "__main__":
    main()
