"""Run the whole mall as real processes: four web apps under the mall's web server (granian,
services/mallctl/web_server.py) and four workers, fresh databases."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

from shared.migrations import upgrade
from tests.support import infra

SERVICES = ("merchant", "catalog", "voucher", "gateway")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Mall:
    """The running mall: the gateway's URL, each service's URL, and the processes to stop."""

    gateway: str
    urls: dict[str, str]
    env: dict[str, str]
    logs: Path
    procs: list[subprocess.Popen] = field(default_factory=list)
    gateway_internal: str = ""  # the gateway's readiness and metrics listener
    databases: list[str] = field(default_factory=list)

    def start(self, name: str, cmd: list[str]) -> None:
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - the process owns it
        self.procs.append(
            subprocess.Popen(
                cmd,
                cwd=infra.REPO,
                env={**os.environ, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: teardown stops the server's workers too
            )
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        for url in [*self.urls.values(), self.gateway]:
            while True:
                try:
                    if requests.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                dead = [p.args for p in self.procs if p.poll() is not None]
                if dead or time.monotonic() > deadline:
                    raise RuntimeError(f"mall did not start ({url}); dead: {dead}; see {self.logs}")
                time.sleep(0.2)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        for name in self.databases:
            infra.drop_postgres_database(name)


def _database(mall: Mall, service: str, tmp: Path) -> str:
    if infra.BACKEND == "postgres":
        url, name = infra.new_postgres_database(f"e2e_{service}")
        mall.databases.append(name)
        return url
    return f"sqlite:///{tmp / (service + '.db')}"


def start_mall(tmp: Path, redis_url: str) -> Mall:
    """Migrate fresh databases, then start every app under the web server and every worker."""
    ports = {s: free_port() for s in SERVICES}
    internal = free_port()
    urls = {s: f"http://127.0.0.1:{ports[s]}" for s in SERVICES if s != "gateway"}
    env = {
        "REDIS_URL": redis_url,
        "KAFKA_BOOTSTRAP": infra.KAFKA,
        "KAFKA_TOPIC_PREFIX": f"e2e{uuid.uuid4().hex[:8]}.",
        "MERCHANT_URL": urls["merchant"],
        "CATALOG_URL": urls["catalog"],
        "VOUCHER_URL": urls["voucher"],
        "RATE_LIMIT_IP": "100000/minute",
        "RATE_LIMIT_CALLER": "100000/minute",
        # every e2e caller comes from 127.0.0.1: fuzzing must not spend the others' budgets
        "RATE_LIMIT_ONBOARDING": "100000/hour",
        "RATE_LIMIT_CLAIMS": "100000/minute",
        "MERCHANT_WORKER_METRICS_PORT": "0",
        "CATALOG_WORKER_METRICS_PORT": "0",
        "VOUCHER_WORKER_METRICS_PORT": "0",
        "GATEWAY_WORKER_METRICS_PORT": "0",
        "OUTBOX_RELAY_INTERVAL": "0.1",
        "LOG_LEVEL": os.environ.get("MALL_TEST_LOG_LEVEL", "WARNING"),
        "GATEWAY_INTERNAL_PORT": str(internal),
    }
    logs = tmp / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    mall = Mall(f"http://127.0.0.1:{ports['gateway']}", urls, env, logs)
    mall.gateway_internal = f"http://127.0.0.1:{internal}"
    try:
        for service in SERVICES:
            url = _database(mall, service, tmp)
            upgrade(url, f"services/{service}/migrations")
            env[f"{service.upper()}_DATABASE_URL"] = url
        for service in SERVICES:
            also = ["--internal-port", str(internal)] if service == "gateway" else []
            mall.start(
                service,
                [sys.executable, "-m", "services.mallctl.web_server",
                 f"services.{service}.app:create_app", "--bind", f"127.0.0.1:{ports[service]}",
                 *also, "--workers", "1", "--threads", "8"],
            )  # fmt: skip
            mall.start(f"{service}-worker", [sys.executable, "-m", f"services.{service}.worker"])
        mall.wait_ready()
    except BaseException:
        mall.stop()
        raise
    return mall
