"""The mall with several instances of every process on this machine: 3 of each web process
sharing its port (granian's listeners are SO_REUSEPORT: the kernel spreads connections, so one gateway
address fronts three gateways), 2 of each worker, a private Redis, databases and topics of
its own on the shared PostgreSQL and Kafka."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from shared.dev_tokens import mint_token
from tests.ops.k8s_manifests import LINE
from tests.ops.stack import PrivateRedis
from tests.support.infra import KAFKA, PG_ADMIN_URL, REPO
from tests.support.redis_cluster import free_cluster_ports

SERVICES = ("merchant", "catalog", "voucher", "gateway")
SETTING = re.compile(r"\$\{(\w+):-([^}]*)\}")


def procfile_argv(env: dict[str, str]) -> dict[str, list[str]]:
    """Each Procfile process's argv, its ${NAME:-default} filled from env."""
    found = {}
    for line in (REPO / "Procfile").read_text().splitlines():
        match = LINE.match(line)
        if match:
            command = SETTING.sub(lambda m: env.get(m.group(1), m.group(2)), match.group(2))
            argv = shlex.split(command)
            found[match.group(1)] = argv[1:] if argv[0] == "exec" else argv
    return found


@dataclass
class ScaledMall:
    folder: Path
    web_instances: int = 3
    worker_instances: int = 2
    marker: str = field(default_factory=lambda: f"scale{uuid.uuid4().hex[:6]}")
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    redis: PrivateRedis | None = None

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    def database_url(self, service: str) -> str:
        return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{self.marker}_{service}"

    @property
    def prefix(self) -> str:
        return f"{self.marker}."

    def env(self) -> dict[str, str]:
        env = {**os.environ, "KAFKA_BOOTSTRAP": KAFKA, "KAFKA_TOPIC_PREFIX": self.prefix}
        env.update(REDIS_URL=self.redis.url, LOG_LEVEL="WARNING", WEB_WORKERS="1")
        env.update(RATE_LIMIT_ENABLED="0", OUTBOX_RELAY_INTERVAL="0.1", MALL_ENV="development")
        for svc in SERVICES:
            env[f"{svc.upper()}_DATABASE_URL"] = self.database_url(svc)
            env[f"{svc.upper()}_PORT"] = str(self.ports[svc])
            env[f"{svc.upper()}_URL"] = f"http://127.0.0.1:{self.ports[svc]}"
            env[f"{svc.upper()}_WORKER_METRICS_PORT"] = "0"
        env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"
        return env

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.redis = PrivateRedis(self.folder / "redis")
        self.redis.start()
        self.ports = dict(zip(SERVICES, free_cluster_ports(len(SERVICES)), strict=True))
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for svc in SERVICES:
                conn.execute(text(f'CREATE DATABASE "{self.marker}_{svc}"'))
        admin.dispose()
        self.run(["python", "-m", "shared.messaging.topics"])
        self.run(["python", "-m", "services.mallctl", "migrate"])
        for name, argv in procfile_argv(self.env()).items():
            web = argv[:3] == ["python", "-m", "services.mallctl.web_server"]
            for i in range(self.web_instances if web else self.worker_instances):
                self.spawn(f"{name}.{i}", argv)
        self.wait_ready()

    def run(self, argv: list[str]) -> None:
        subprocess.run(argv, cwd=REPO, env=self.env(), check=True, capture_output=True, timeout=300)

    def spawn(self, name: str, argv: list[str]) -> None:
        log = (self.folder / f"{name}.log").open("w")
        self.processes[name] = subprocess.Popen(
            argv, cwd=REPO, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def wait_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        ops = {"Authorization": f"Bearer {mint_token('ops', 'scale-ops')}"}  # gateway: ops only
        for svc in SERVICES:
            url = f"http://127.0.0.1:{self.ports[svc]}/readyz"
            while True:
                dead = [n for n, p in self.processes.items() if p.poll() is not None]
                if dead:
                    raise RuntimeError(f"processes died while starting: {dead}")
                try:
                    if requests.get(url, headers=ops, timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{svc} not ready")
                time.sleep(0.5)

    def kill(self, name: str) -> None:
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if self.redis is not None:
            self.redis.stop()
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for svc in SERVICES:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.marker}_{svc}" WITH (FORCE)'))
        admin.dispose()

    def command_line(self, name: str) -> str:
        return shlex.join(self.processes[name].args)
