"""A SIGKILLed gunicorn master leaves its workers behind; they must let go of the port at once,
or the master supervisord starts again cannot bind it and the service stays away for as long as
they drain (graceful_timeout) plus supervisord's backoff."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time

import pytest
import requests

from services.mallctl.supervisor_conf import GROUP, render
from tests.chaos.stack import free_ports
from tests.ops.stack import REPO

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]
BACK_WITHIN = 6.0  # seconds from the kill to an answer from the new master (graceful_timeout 10)


def supervisorctl(conf, *args: str) -> str:
    ctl = str(REPO / ".venv" / "bin" / "supervisorctl")
    return subprocess.run([ctl, "-c", str(conf), *args], capture_output=True, text=True).stdout


def answering_master(url: str) -> int | None:
    try:
        return int(requests.get(url, timeout=1).text)
    except (requests.RequestException, ValueError):
        return None


def test_a_killed_master_is_replaced_at_once_though_its_workers_had_requests_in_flight(tmp_path):
    (port,) = free_ports(1)
    gunicorn = "exec gunicorn -c python:services.mallctl.gunicorn_conf"
    (tmp_path / "Procfile").write_text(
        f"sleepy: {gunicorn} -b 127.0.0.1:{port} tests.ops.sleepy_app:app\n"
    )
    conf = tmp_path / "supervisord.conf"
    (tmp_path / "logs").mkdir()
    conf.write_text(render(tmp_path / "Procfile", tmp_path))
    env = {**os.environ, "PATH": f"{REPO / '.venv' / 'bin'}:{os.environ['PATH']}"}
    env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / "prom")
    env["SLEEPY_SECONDS"] = "8"  # longer than BACK_WITHIN, shorter than graceful_timeout
    supervisord = subprocess.Popen(
        [str(REPO / ".venv" / "bin" / "supervisord"), "-c", str(conf)],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while (master := answering_master(url)) is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert master is not None, (tmp_path / "logs" / "sleepy.log").read_text()[-2000:]
        slow: list[int] = []
        threads = [
            threading.Thread(
                target=lambda: slow.append(requests.get(f"{url}/slow", timeout=30).status_code)
            )
            for _ in range(4)  # a request in flight on each worker it reaches
        ]
        for t in threads:
            t.start()
        time.sleep(1)
        os.kill(master, signal.SIGKILL)
        killed = time.monotonic()
        while time.monotonic() - killed < 40:
            now = answering_master(url)
            if now not in (None, master):
                break
            time.sleep(0.1)
        took = time.monotonic() - killed
        log = (tmp_path / "logs" / "sleepy.log").read_text()[-3000:]
        assert now not in (None, master), log
        assert took < BACK_WITHIN, f"back after {took:.1f} s\n{log}"
        for t in threads:
            t.join(timeout=30)
        assert slow == [200] * 4  # the orphans still answered what they had taken
    finally:
        supervisorctl(conf, "stop", f"{GROUP}:*")
        supervisord.terminate()
        supervisord.wait(timeout=30)
