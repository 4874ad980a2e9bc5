"""The mall's web server (granian via services/mallctl/web_server.py): the gateway's internal
port is its own server, told apart by the port it serves and never by the Host header; both
share one metrics folder; a dead worker's live gauges are forgotten; SIGTERM stops it all."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from shared.migrations import upgrade
from tests.chaos.stack import free_ports
from tests.gateway.helpers import bearer
from tests.ops.stack import REPO
from tests.support import infra

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]


def start(app: str, port: int, env: dict, *extra: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "services.mallctl.web_server", app, "--bind", f"127.0.0.1:{port}"]
    return subprocess.Popen(
        [*cmd, *extra], cwd=REPO, env={**os.environ, **env}, start_new_session=True
    )


def wait_answering(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            assert proc.poll() is None and time.monotonic() < deadline, f"{url} never answered"
            time.sleep(0.2)


def stop(proc: subprocess.Popen) -> int:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        return proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def healthz_count(metrics: str) -> float:
    found = re.findall(
        r'^http_request_duration_seconds_count\{[^}]*endpoint="/healthz"[^}]*\} (\S+)$',
        metrics,
        re.MULTILINE,
    )
    return sum(float(c) for c in found)


@pytest.fixture
def gateway(tmp_path):
    """The real gateway under the web server, public and internal port; no services behind it."""
    port, internal, nowhere = free_ports(3)
    database = f"sqlite:///{tmp_path / 'gateway.db'}"
    upgrade(database, "services/gateway/migrations")
    env = {
        "GATEWAY_DATABASE_URL": database,
        "REDIS_URL": infra.redis_url(),
        "KAFKA_BOOTSTRAP": infra.KAFKA,
        "GATEWAY_INTERNAL_PORT": str(internal),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
        "LOG_LEVEL": "WARNING",
        **{f"{s}_URL": f"http://127.0.0.1:{nowhere}" for s in ("MERCHANT", "CATALOG", "VOUCHER")},
    }
    proc = start("services.gateway.app:create_app", port, env, "--internal-port", str(internal))
    try:
        for p in (port, internal):
            wait_answering(f"http://127.0.0.1:{p}/healthz", proc)
        yield proc, f"http://127.0.0.1:{port}", f"http://127.0.0.1:{internal}", tmp_path / "prom"
    finally:
        stop(proc)


def test_the_internal_port_is_known_by_its_server_not_by_the_host_header(gateway):
    _, public, internal, _ = gateway
    internal_port = internal.rsplit(":", 1)[1]
    for path in ("/readyz", "/metrics"):
        assert requests.get(public + path, timeout=5).status_code == 401, path
        spoofed = {"Host": f"127.0.0.1:{internal_port}"}
        assert requests.get(public + path, headers=spoofed, timeout=5).status_code == 401, path
        ops = requests.get(public + path, headers=bearer("ops", "ops-1"), timeout=5)
        assert ops.status_code in (200, 503), path  # readiness: no services behind it
    assert requests.get(f"{internal}/metrics", timeout=5).status_code == 200
    assert requests.get(f"{internal}/readyz", timeout=5).status_code == 503  # not 401


def test_the_internal_port_shows_the_public_ports_traffic_summed_over_workers(gateway):
    _, public, internal, _ = gateway
    before = healthz_count(requests.get(f"{internal}/metrics", timeout=5).text)
    for _ in range(20):  # spread over the public server's two workers
        assert requests.get(f"{public}/healthz", timeout=5).status_code == 200
    after = healthz_count(requests.get(f"{internal}/metrics", timeout=5).text)
    assert after - before == 20


def test_sigterm_stops_both_servers_and_removes_the_metrics_folder(gateway):
    proc, _, _, folder = gateway
    processes = [proc.pid, *children(proc.pid)]
    assert len(processes) == 4  # two workers, the internal server (and its worker below it)
    assert folder.is_dir()
    assert stop(proc) == 0
    assert not folder.exists()
    assert not any(Path(f"/proc/{pid}").exists() and children(pid) for pid in processes)


def test_a_dead_workers_live_gauges_are_forgotten_when_its_successor_starts(tmp_path):
    (port,) = free_ports(1)
    folder = tmp_path / "prom"
    proc = start("tests.ops.sleepy_app:create_app", port, {"PROMETHEUS_MULTIPROC_DIR": str(folder)})
    try:
        wait_answering(f"http://127.0.0.1:{port}/", proc)
        gone = subprocess.Popen(["true"])
        gone.wait()
        for kind in ("gauge_livesum", "gauge_liveall", "counter", "histogram"):
            (folder / f"{kind}_{gone.pid}.db").write_bytes(b"")
        workers = children(proc.pid)
        assert len(workers) == 2
        os.kill(workers[0], signal.SIGKILL)  # the server starts another in its place
        deadline = time.monotonic() + 30
        while (folder / f"gauge_livesum_{gone.pid}.db").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        left = sorted(p.name for p in folder.iterdir() if p.name.endswith(f"_{gone.pid}.db"))
        # as gunicorn's child_exit: live gauges go, counters and histograms keep counting
        assert left == [f"counter_{gone.pid}.db", f"histogram_{gone.pid}.db"]
        assert len(children(proc.pid)) == 2
        assert requests.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
    finally:
        stop(proc)
