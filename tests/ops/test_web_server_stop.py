"""SIGTERM stops the mall's web server promptly: the request in flight gets its answer, an idle
keep-alive connection holds nothing up, and no worker that stopped in time is reported killed
(granian's master could take a worker its watcher thread had reaped for one still running:
services/mallctl/granian_stop.py)."""

from __future__ import annotations

import http.client
import logging
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from granian.server.mp import WorkerProcess

from services.mallctl.granian_stop import Server
from services.mallctl.web_server import GRACEFUL_TIMEOUT
from tests.chaos.stack import free_ports
from tests.ops.stack import REPO
from tests.ops.test_web_server import wait_answering

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]
SLOW = 2.0  # seconds the request in flight takes (tests/ops/sleepy_app.py)
KILLED = "refused to gracefully stop"


def test_sigterm_answers_the_request_in_flight_then_stops_without_killing_a_worker(tmp_path):
    (port,) = free_ports(1)
    log = tmp_path / "server.log"
    env = {**os.environ, "SLEEPY_SECONDS": str(SLOW), "LOG_LEVEL": "INFO",
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom")}  # fmt: skip
    cmd = [sys.executable, "-m", "services.mallctl.web_server", "tests.ops.sleepy_app:create_app",
           "--bind", f"127.0.0.1:{port}"]  # fmt: skip
    with log.open("w") as err:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stderr=err, start_new_session=True)
    try:
        wait_answering(f"http://127.0.0.1:{port}/", proc)
        idle = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        idle.request("GET", "/")
        assert idle.getresponse().read()  # answered, and the connection is left open, idle
        answers = []

        def slow() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=GRACEFUL_TIMEOUT + 5)
            conn.request("GET", "/slow")
            answers.append(conn.getresponse().status)

        caller = threading.Thread(target=slow)
        caller.start()
        time.sleep(SLOW / 4)  # the slow request reaches a worker before the SIGTERM
        started = time.monotonic()
        os.killpg(proc.pid, signal.SIGTERM)
        assert proc.wait(timeout=GRACEFUL_TIMEOUT + 5) == 0
        took = time.monotonic() - started
        caller.join(timeout=5)
        idle.close()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert answers == [200]
    assert took < GRACEFUL_TIMEOUT / 2, took
    assert KILLED not in log.read_text()


def gone() -> None:
    """A worker that exits at once."""


def test_a_worker_reaped_by_its_watcher_first_is_stopped_not_killed(caplog):
    server = Server("tests.ops.sleepy_app:create_app", workers_kill_timeout=GRACEFUL_TIMEOUT)
    worker = WorkerProcess(server, 0, gone, ())
    worker.inner.start()
    os.waitpid(worker.inner.pid, 0)  # what granian's watcher thread does, before it notes it
    server.wrks.append(worker)
    granian_log = logging.getLogger("_granian")  # granian's config stops it propagating
    granian_log.addHandler(caplog.handler)
    started = time.monotonic()
    try:
        server._stop_workers()
    finally:
        granian_log.removeHandler(caplog.handler)
    assert time.monotonic() - started < GRACEFUL_TIMEOUT / 2
    assert not any(KILLED in r.getMessage() for r in caplog.records)
    assert "Stopped worker-1" in caplog.messages
