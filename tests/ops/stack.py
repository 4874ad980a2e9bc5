"""Drive deploy/run.sh the way a developer does, isolated from anything else on the machine."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests
from kafka.admin import KafkaAdminClient

from tests.support import infra

REPO = infra.REPO
WEB_PORTS = {"gateway": 8080, "merchant": 8081, "catalog": 8082, "voucher": 8083}
GATEWAY_INTERNAL_PORT = 9190  # the gateway's readiness and metrics (public port: ops only)
WORKER_PORTS = {"gateway": 9180, "merchant": 9181, "catalog": 9182, "voucher": 9183}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.3).close()
        return True
    except OSError:
        return False


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@dataclass
class PrivateRedis:
    """A Redis of the test's own (deploy/redis.sh on another port), so stopping it hurts no one."""

    folder: Path
    port: int = field(default_factory=free_port)

    def _run(self, action: str) -> None:
        env = {**os.environ, "MALL_VAR": str(self.folder), "REDIS_PORT": str(self.port)}
        subprocess.run(
            [str(REPO / "deploy" / "redis.sh"), action],
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        self._run("start")

    def stop(self) -> None:
        self._run("stop")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


@dataclass
class Mall:
    """One `make run` of the mall: its environment, process group and files."""

    folder: Path
    scale: float
    marker: str = field(default_factory=lambda: f"e2e{uuid.uuid4().hex[:8]}")
    process: subprocess.Popen | None = None
    env: dict = field(default_factory=dict)

    @property
    def run_dir(self) -> Path:
        return self.folder / "run"

    @property
    def log(self) -> Path:
        return self.folder / "run.out"

    def start(self, redis_url: str) -> None:
        ports = [*WEB_PORTS.values(), GATEWAY_INTERNAL_PORT, *WORKER_PORTS.values()]
        busy = [p for p in ports if listening(p)]
        assert not busy, f"ports {busy} are taken: another mall runs here; stop it first"
        env = {
            **os.environ,
            "MALL_RUN_DIR": str(self.run_dir),
            "REDIS_URL": redis_url,
            "KAFKA_TOPIC_PREFIX": f"{self.marker}.",
            "SEED_SCALE": str(self.scale),
            "READY_TIMEOUT": "300",  # a busy CI machine starts the web servers slowly
            "MALL_E2E_MARKER": self.marker,
        }
        if infra.BACKEND == "postgres":
            env.update(MALL_DB="postgres", MALL_DB_PREFIX=f"{self.marker}_")
        else:
            env["MALL_DB"] = "sqlite"
            for svc in WEB_PORTS:
                env[f"{svc.upper()}_DATABASE_URL"] = f"sqlite:///{self.folder / svc}.db"
        self.env = env
        with self.log.open("wb") as out:
            # Its own session: SIGINT to the group is what Ctrl-C in a terminal does.
            self.process = subprocess.Popen(
                [str(REPO / "deploy" / "run.sh")],
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                # Ctrl-C as in a terminal, even when this suite runs as a background job (which
                # starts with SIGINT ignored, and a shell cannot trap what it inherits ignored).
                preexec_fn=_default_sigint,
            )

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not (self.run_dir / "ready").exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"make run did not come up:\n{self.output()[-4000:]}")
            time.sleep(0.5)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def interrupt(self, timeout: float = 60) -> int:
        """Press Ctrl-C: SIGINT to run.sh's process group; return its exit status."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=timeout)

    def leftovers(self) -> list[str]:
        """Processes still carrying this run's marker in their environment."""
        found = []
        needle = f"MALL_E2E_MARKER={self.marker}".encode()
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit() or int(proc.name) == os.getpid():
                continue
            try:
                if needle in (proc / "environ").read_bytes():
                    found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
            except OSError:
                continue
        return found

    def kill_leftovers(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        subprocess.run(
            [str(REPO / "deploy" / "run.sh"), "stop"],
            env=self.env,
            check=False,
            capture_output=True,
            timeout=60,
        )

    def keep_logs(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for source in (self.log, *(self.run_dir / "logs").glob("*.log")):
            if source.exists():
                shutil.copy(source, folder / source.name)

    def drop_topics(self) -> None:
        """Delete this run's topics and consumer groups, so that runs do not pile up in Kafka."""
        admin = KafkaAdminClient(bootstrap_servers=infra.KAFKA)
        try:
            prefix = f"{self.marker}."
            topics = [t for t in admin.list_topics() if t.startswith(prefix)]
            groups = [
                g["group_id"] for g in admin.list_groups() if g["group_id"].startswith(prefix)
            ]
            if topics:
                admin.delete_topics(topics)
            if groups:
                admin.delete_groups(groups)
        finally:
            admin.close()

    def drop_databases(self) -> None:
        if infra.BACKEND == "postgres":
            for svc in WEB_PORTS:
                infra.drop_postgres_database(f"{self.marker}_{svc}")


def gateway_url(path: str) -> str:
    return f"http://127.0.0.1:{WEB_PORTS['gateway']}{path}"


def get(url: str, **kwargs) -> requests.Response:
    return requests.get(url, timeout=10, **kwargs)
