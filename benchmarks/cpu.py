"""CPU time of the processes that serve a request: a gunicorn tree, PostgreSQL backends of one
database, the Redis server; from /proc, so that other load on the machine does not count."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from redis import Redis, RedisError
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


@contextlib.contextmanager
def private_redis() -> Iterator[str]:
    """A Redis server of this benchmark's own (Debian's redis-server, no persistence), so that
    its CPU is this benchmark's alone; yields its URL."""
    folder = tempfile.mkdtemp(prefix="bench-redis-")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", folder],
        stdout=subprocess.DEVNULL,
    )
    try:
        client = Redis(port=port)
        deadline = time.monotonic() + 20
        while True:
            try:
                client.ping()
                break
            except RedisError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        client.close()
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
