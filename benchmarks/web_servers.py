"""gunicorn (gthread) against granian (WSGI) for the same app, side by side: CPU per request.

`python -m benchmarks.web_servers [app_spec] [path]` (default: the bare Flask app's product
list). Each server runs 2 workers with 4 threads each, in turn, twice; wrk drives it for a
few seconds and the server processes' CPU time comes from /proc, so a busy machine shows in
the rps but much less in the CPU per request.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from benchmarks.harness import BARE_APP, REPO, wrk
from benchmarks.proc_cpu import TICK

PORT = 18471
SECONDS = int(os.environ.get("BENCH_DURATION", "6"))


def _tree_cpu(root: int) -> float:
    """CPU seconds of a process and its descendants."""
    total, todo = 0.0, [root]
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            fields = text[text.rindex(")") + 2 :].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    while todo:
        pid = todo.pop()
        try:
            text = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        total += (int(fields[11]) + int(fields[12])) / TICK
        todo += children.get(pid, [])
    return total


def _servers(app: str) -> dict[str, list[str]]:
    module, _, factory = app.partition(":")
    return {
        "gunicorn": [sys.executable, "-m", "gunicorn", "-b", f"127.0.0.1:{PORT}", "-w", "2",
                     "--threads", "4", "--log-level", "warning", app],
        "granian": [sys.executable, "-m", "granian", "--interface", "wsgi", "--host",
                    "127.0.0.1", "--port", str(PORT), "--workers", "2", "--blocking-threads",
                    "4", "--no-access-log", "--log-level", "warning", "--factory",
                    f"{module}:{factory.removesuffix('()')}"],
    }  # fmt: skip


def measure(cmd: list[str], path: str, headers: dict) -> tuple[float, float]:
    """(rps, CPU ms per request) of one server."""
    proc = subprocess.Popen(cmd, cwd=REPO, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"http://127.0.0.1:{PORT}{path}", headers=headers, timeout=1)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{cmd[2]} did not start") from None
                time.sleep(0.2)
        before = _tree_cpu(proc.pid)
        result = wrk(f"http://127.0.0.1:{PORT}{path}", duration=SECONDS, headers=headers)
        spent = _tree_cpu(proc.pid) - before
        return result.rps, spent * 1000 / max(1, result.requests)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def main() -> None:
    app = sys.argv[1] if len(sys.argv) > 1 else BARE_APP
    path = sys.argv[2] if len(sys.argv) > 2 else "/api/v1/products"
    for _ in range(2):
        for name, cmd in _servers(app).items():
            rps, cpu = measure(cmd, path, {})
            print(f"{name:9s} rps={rps:.0f} cpu_ms_per_request={cpu:.3f}", flush=True)


if __name__ == "__main__":
    main()
