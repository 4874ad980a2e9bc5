"""CPU time of the processes that serve a request: a gunicorn tree, PostgreSQL backends of one
database, the Redis server; from /proc, so that other load on the machine does not count."""

from __future__ import annotations

import os
from pathlib import Path

from redis import Redis
from sqlalchemy import create_engine, text

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0  # gone since: its time is lost, as with any process that exited
    return (int(fields[11]) + int(fields[12])) / TICKS


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def tree(pid: int) -> list[int]:
    pids = [pid]
    for child in children(pid):
        pids += tree(child)
    return pids


class Meter:
    """CPU seconds used by the app's processes, its database's backends and Redis."""

    def __init__(self, app_pid: int, database_url: str | None, redis_url: str) -> None:
        self.app_pid = app_pid
        self.engine = create_engine(database_url) if database_url else None
        self.redis = Redis.from_url(redis_url)

    def _backends(self) -> float:
        if self.engine is None:
            return 0.0
        with self.engine.connect() as conn:
            backends = conn.execute(
                text(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                )
            ).scalars()
            return sum(cpu_seconds(p) for p in backends)

    def sample(self) -> dict[str, float]:
        return {
            "app": sum(cpu_seconds(p) for p in tree(self.app_pid)),
            "db": self._backends(),
            "redis": cpu_seconds(int(self.redis.info("server")["process_id"])),
        }

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
        self.redis.close()


def per_request_ms(before: dict[str, float], after: dict[str, float], n: int) -> dict[str, float]:
    return {k: round((after[k] - before[k]) * 1000 / max(n, 1), 3) for k in before}
