"""The mall for the page tests: a private Redis, the services and gateway on free ports
(tests.gateway.processes), and the web process under the mall's web server in front of the gateway."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import redis
import requests

from tests.gateway.processes import free_port, start_mall
from tests.support import infra

CHROMIUM = os.environ.get("WEB_TEST_CHROMIUM", "/usr/bin/chromium")


def _wait(url: str, proc: subprocess.Popen, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer at {url}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@contextmanager
def private_redis(tmp: Path):
    """A Redis of its own: no other test's flush or cache reaches this mall."""
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp)],
        stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=port).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(proc)


@contextmanager
def web_process(gateway_url: str, log: Path, **env: str):
    """The pages under the mall's web server, as Procfile runs them, talking to `gateway_url`."""
    port = free_port()
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "services.mallctl.web_server", "services.web.app:create_app",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "8"],
            cwd=infra.REPO, env={**os.environ, "WEB_GATEWAY_URL": gateway_url, **env},
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        _wait(f"{url}/healthz", proc, "the web process")
        yield url
    finally:
        _stop(proc)


@contextmanager
def running_mall():
    """Yield (web_url, mall): everything the click-through needs, stopped afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="mall-web-"))
    os.environ.setdefault("RATE_LIMIT_ONBOARDING", "100000/hour")
    try:
        with private_redis(tmp) as redis_url:
            mall = start_mall(tmp, redis_url)
            try:
                with web_process(mall.gateway, tmp / "web.log") as web:
                    yield web, mall
            finally:
                mall.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def launch_chromium(playwright):
    """Debian's chromium: Playwright's own browser download cannot work here."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
