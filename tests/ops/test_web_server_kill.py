"""A SIGKILLed web server (services/mallctl/web_server.py) leaves its granian workers, and the
gateway's internal server, behind: the server supervisord starts again must serve both ports at
once, and the port never refuses a connection meanwhile: the orphans go on answering while
it boots (WEB_ORPHAN_GRACE), finish what they had taken and then exit."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from services.mallctl.supervisor_conf import GROUP, render
from tests.chaos.stack import free_ports
from tests.ops.stack import REPO

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]
BACK_WITHIN = 6.0  # seconds from the kill to an answer from the new server (graceful timeout 10)


def supervisorctl(conf, *args: str) -> str:
    ctl = str(REPO / ".venv" / "bin" / "supervisorctl")
    return subprocess.run([ctl, "-c", str(conf), *args], capture_output=True, text=True).stdout


REFUSED = -1


def answering_master(url: str) -> int | None:
    """The pgid of the server that answered; REFUSED if no one listened; None if no answer came
    in time (a worker whose threads all hold slow requests keeps taking its share of connections)."""
    try:
        return int(requests.get(url, timeout=1).text)
    except requests.ConnectionError as err:
        return None if isinstance(err, requests.ConnectTimeout) else REFUSED
    except (requests.RequestException, ValueError):
        return None


def group_alive(pgid: int) -> bool:
    """Whether a process of group `pgid` still runs (zombies waiting for init do not count)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def test_a_killed_server_is_replaced_at_once_though_its_workers_had_requests_in_flight(tmp_path):
    port, internal = free_ports(2)
    server = "exec python -m services.mallctl.web_server tests.ops.sleepy_app:create_app"
    (tmp_path / "Procfile").write_text(
        f"sleepy: {server} --bind 127.0.0.1:{port} --internal-port {internal}\n"
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
        while (master := answering_master(url)) in (None, REFUSED):
            assert time.monotonic() < deadline, (tmp_path / "logs" / "sleepy.log").read_text()
            time.sleep(0.2)
        assert master > 1  # a process group id: never hand os.kill 0 or a negative number
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
        refused = 0
        while time.monotonic() - killed < 40:
            now = answering_master(url)
            refused += now == REFUSED
            if now not in (None, REFUSED, master):
                break
            time.sleep(0.1)
        took = time.monotonic() - killed
        log = (tmp_path / "logs" / "sleepy.log").read_text()[-3000:]
        assert now not in (None, REFUSED, master), log
        assert took < BACK_WITHIN, f"back after {took:.1f} s\n{log}"
        assert refused == 0, f"{refused} requests found no one listening\n{log}"
        while answering_master(f"http://127.0.0.1:{internal}") != now:  # the second port too
            assert time.monotonic() - killed < BACK_WITHIN, f"internal port not back\n{log}"
            time.sleep(0.1)
        for t in threads:
            t.join(timeout=30)
        assert slow == [200] * 4  # the orphans still answered what they had taken
        deadline = time.monotonic() + 20  # WEB_ORPHAN_GRACE (10 s), then they drain
        while group_alive(master) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not group_alive(master), "the killed server's processes stayed behind"
    finally:
        supervisorctl(conf, "stop", f"{GROUP}:*")
        supervisord.terminate()
        supervisord.wait(timeout=30)
