"""A whole mall of the chaos run's own: private Kafka, Redis and PostgreSQL on free ports (its
own MALL_VAR), and `deploy/run.sh` on free web and metrics ports, so killing any part of it
hurts no one else on the machine."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
INFRA = ("kafka", "redis", "postgres")
SERVICES = ("gateway", "merchant", "catalog", "voucher")


def free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


@dataclass
class ChaosStack:
    # Short: PostgreSQL's socket path must stay under ~100 bytes.
    var: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="mall-chaos-")))
    ports: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.var.chmod(0o755)  # PostgreSQL runs as the `postgres` user and must reach its folder
        names = ["kafka", "controller", "redis", "postgres"]
        names += [*SERVICES, *(f"{s}-worker" for s in SERVICES), "gateway-internal", "web"]
        self.ports = dict(zip(names, free_ports(len(names)), strict=True))
        p = self.ports
        self.env = {
            **os.environ,
            "MALL_VAR": str(self.var),
            "KAFKA_PORT": str(p["kafka"]),
            "KAFKA_CONTROLLER_PORT": str(p["controller"]),
            "REDIS_PORT": str(p["redis"]),
            "PGPORT": str(p["postgres"]),
            "KAFKA_BOOTSTRAP": f"127.0.0.1:{p['kafka']}",
            "REDIS_URL": f"redis://127.0.0.1:{p['redis']}/0",
            "PG_ADMIN_URL": f"postgresql+psycopg://mall:mall@127.0.0.1:{p['postgres']}/postgres",
            "PG_DURABLE": "1",  # an acknowledged commit must survive the SIGKILL
            "RUN_INFRA": "0",
            "MALL_DB": "postgres",
            "MALL_DB_PREFIX": "mall_",
            "KAFKA_TOPIC_PREFIX": "",
            "MALL_RUN_DIR": str(self.var / "run"),
            "READY_TIMEOUT": "300",
            "MALL_CHAOS_MARKER": self.var.name,  # finds leftovers by their environment
            "GATEWAY_INTERNAL_PORT": str(p["gateway-internal"]),  # readiness without an ops token
            "WEB_PORT": str(p["web"]),
        }
        for svc in SERVICES:
            self.env[f"{svc.upper()}_PORT"] = str(p[svc])
            self.env[f"{svc.upper()}_WORKER_METRICS_PORT"] = str(p[f"{svc}-worker"])
        for svc in SERVICES:
            self.env.pop(f"{svc.upper()}_DATABASE_URL", None)
        self.env.pop("PROMETHEUS_MULTIPROC_DIR", None)

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    def db_url(self, service: str) -> str:
        return f"postgresql+psycopg://mall:mall@127.0.0.1:{self.ports['postgres']}/mall_{service}"

    def _script(self, part: str, action: str) -> None:
        subprocess.run(
            [str(REPO / "deploy" / f"{part}.sh"), action],
            env=self.env,
            check=True,
            capture_output=True,
            timeout=240,
        )

    def start_infra(self) -> None:
        for part in INFRA:
            self._script(part, "start")

    def start_mall(self, scale: float) -> dict:
        """deploy/run.sh --detach, seeded at `scale`; return the demo credentials."""
        out = subprocess.run(
            [str(REPO / "deploy" / "run.sh"), "--detach", "--scale", str(scale)],
            env=self.env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if out.returncode != 0:
            raise RuntimeError(f"make run failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
        run = self.var / "run"
        for _ in range(3):  # on a busy machine the seed can time out; it resumes where it stopped
            if (run / "demo-credentials.json").exists():
                break
            seed = [str(REPO / ".venv" / "bin" / "python"), "-m", "services.mallctl"]
            seed += ["seed", "--scale", str(scale), "--state-file", str(run / "seed-state.json")]
            seed += ["--credentials-file", str(run / "demo-credentials.json")]
            env = {**self.env, "MALL_GATEWAY": self.gateway}
            out = subprocess.run(seed, env=env, cwd=REPO, capture_output=True, text=True)
        if not (run / "demo-credentials.json").exists():
            raise RuntimeError(f"the seed failed:\n{out.stderr[-4000:]}")
        return json.loads((run / "demo-credentials.json").read_text())

    def stop(self) -> None:
        subprocess.run(
            [str(REPO / "deploy" / "run.sh"), "stop"],
            env=self.env,
            capture_output=True,
            timeout=120,
        )
        for part in INFRA:
            try:
                self._script(part, "stop")
            except subprocess.SubprocessError:
                pid = self.infra_pid(part)
                if pid:
                    os.kill(pid, signal.SIGKILL)

    # Parts: the three servers and every supervised process.
    def infra_pid(self, part: str) -> int | None:
        file = {
            "kafka": self.var / "kafka" / "kafka.pid",
            "redis": self.var / "redis" / "redis.pid",
            "postgres": self.var / "postgres" / "data" / "postmaster.pid",
        }[part]
        try:
            return int(file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def supervised(self) -> dict[str, int]:
        """Name -> pid of every RUNNING process of the mall."""
        out = subprocess.run(
            [str(REPO / ".venv" / "bin" / "supervisorctl"), "-c"]
            + [str(self.var / "run" / "supervisord.conf"), "status"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        found = {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) > 3 and parts[0].startswith("mall:") and parts[1] == "RUNNING":
                found[parts[0][5:]] = int(parts[3].rstrip(","))
        return found

    def kill(self, part: str) -> int:
        pid = self.infra_pid(part) if part in INFRA else self.supervised().get(part)
        if pid is None:
            raise RuntimeError(f"{part} does not run: nothing to kill")
        os.kill(pid, signal.SIGKILL)
        return pid

    def bring_back(self, part: str) -> None:
        """Start a killed server again (supervisord brings the processes back by itself)."""
        if part in INFRA:
            self._script(part, "start")

    def ready(self) -> bool:
        """Every web process ready (its database, Redis and Kafka reachable)."""
        try:
            internal = f"http://127.0.0.1:{self.ports['gateway-internal']}"
            return requests.get(f"{internal}/readyz", timeout=3).status_code == 200
        except requests.RequestException:
            return False

    def back(self, part: str, old_pid: int) -> bool:
        """The part runs again (a new process for a supervised one) and the mall is ready."""
        if part not in INFRA:
            pid = self.supervised().get(part)
            if pid is None or pid == old_pid:
                return False
            if part.endswith("-worker"):  # a worker is up once it serves its metrics
                try:
                    url = f"http://127.0.0.1:{self.ports[part]}/metrics"
                    requests.get(url, timeout=2).raise_for_status()
                except requests.RequestException:
                    return False
        return self.ready()

    def wait_back(self, part: str, old_pid: int, timeout: float = 180) -> float | None:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.back(part, old_pid):
                return time.monotonic() - started
            time.sleep(0.25)
        return None
