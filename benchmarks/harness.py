"""Start apps under one gunicorn setting, load them with wrk, and print comparable figures."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parent.parent
BARE_APP = "benchmarks.bare_app:create_app()"
GUNICORN_WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
GUNICORN_THREADS = int(os.environ.get("BENCH_THREADS", "4"))
PG_ADMIN = os.environ.get("PG_ADMIN_URL", "postgresql+psycopg://mall:mall@127.0.0.1:5433/postgres")


def database_url(name: str) -> str:
    """The URL of database `name` on the benchmark's PostgreSQL server."""
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


@contextmanager
def scratch_database(prefix: str):
    """A new PostgreSQL database for one run, dropped when the block ends."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield database_url(name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    errors: int


@contextmanager
def gunicorn(
    app_spec: str,
    port: int,
    env: dict | None = None,
    workers: int = GUNICORN_WORKERS,
    threads: int = GUNICORN_THREADS,
    ready_path: str = "/healthz",
    cwd: Path = REPO,
):
    """Run an app under gunicorn (the same settings for every app compared) until the block
    ends; `cwd` is the source tree whose code it runs."""
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--threads",
        str(threads),
        "--log-level",
        "warning",
        app_spec,
    ]
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if (
                    requests.get(f"http://127.0.0.1:{port}{ready_path}", timeout=1).status_code
                    < 500
                ):
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{app_spec} did not start on port {port}")
            time.sleep(0.2)
        yield proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(
    url: str,
    *,
    duration: int = 8,
    connections: int = 32,
    threads: int = 2,
    headers: dict | None = None,
    lua: str | None = None,
) -> WrkResult:
    """Load one URL with wrk; `lua` is the text of a wrk script (e.g. for POST bodies)."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: run `make bench`, which installs it")
    cmd = ["wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s"]
    for k, v in (headers or {}).items():
        cmd += ["-H", f"{k}: {v}"]
    script = None
    if lua:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115 - wrk reads it by name
        script.write(lua)
        script.close()
        cmd += ["-s", script.name]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    if script:
        os.unlink(script.name)
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))

    def pct(key: str) -> float:
        m = re.match(r"([\d.]+)(\w+)", lat[key])
        return _ms(m.group(1), m.group(2))

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return WrkResult(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=pct("50"),
        p99_ms=pct("99"),
        requests=int(re.search(r"(\d+) requests in", out).group(1)),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        errors=sum(int(x) for x in errors.groups()) if errors else 0,
    )


def report(name: str, ratio: float, target: str, **figures: object) -> None:
    """Print the one line `make bench` collects."""
    extra = " ".join(f"{k}={v}" for k, v in figures.items())
    print(f"bench: {name} ratio={ratio:.3f} target={target} {extra}".rstrip(), flush=True)
