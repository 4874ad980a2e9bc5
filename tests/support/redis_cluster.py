"""A Redis Cluster of our own: Debian's redis-server in cluster mode on free ports, in a
private folder, gone when the block ends."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from redis import Redis

BUS_OFFSET = 10000  # a node's cluster bus listens on its port + 10000


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_cluster_ports(n: int) -> list[int]:
    """Ports whose cluster-bus port (port + 10000) is free too."""
    found: list[int] = []
    while len(found) < n:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + BUS_OFFSET < 65536 and port not in found and _free(port + BUS_OFFSET):
            found.append(port)
    return found


@dataclass
class LocalCluster:
    masters: int = 3
    replicas: int = 0
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="mall-rcluster-")))
    ports: list[int] = field(default_factory=list)
    processes: dict[int, subprocess.Popen] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"redis+cluster://127.0.0.1:{self.ports[0]}"

    def start(self) -> None:
        self.ports = free_cluster_ports(self.masters * (1 + self.replicas))
        for port in self.ports:
            self.start_node(port)
        subprocess.run(
            ["redis-cli", "--cluster", "create", *[f"127.0.0.1:{p}" for p in self.ports]]
            + ["--cluster-replicas", str(self.replicas), "--cluster-yes"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        self.wait_ok()

    def start_node(self, port: int) -> None:
        self.processes[port] = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
            + ["--cluster-enabled", "yes", "--cluster-config-file", f"nodes-{port}.conf"]
            + ["--cluster-node-timeout", "1500", "--cluster-replica-validity-factor", "0"]
            + ["--dir", str(self.folder)]
            + ["--save", "", "--appendonly", "no", "--logfile", f"{port}.log"],
            cwd=self.folder,
        )
        deadline = time.monotonic() + 20
        while _free(port):
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not listen on {port}")
            time.sleep(0.05)

    def node(self, port: int) -> Redis:
        return Redis(host="127.0.0.1", port=port, socket_timeout=2)

    def wait_ok(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        alive = [p for p, proc in self.processes.items() if proc.poll() is None]
        while True:
            states = []
            for port in alive:
                with contextlib.closing(self.node(port)) as r:
                    states.append(r.cluster("info").get("cluster_state"))
            if all(s == "ok" for s in states) and self._replicas_synced(alive):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"the cluster is not ok: {states}")
            time.sleep(0.2)

    def _replicas_synced(self, ports: list[int]) -> bool:
        for port in ports:
            with contextlib.closing(self.node(port)) as r:
                info = r.info("replication")
            if info.get("role") == "slave" and info.get("master_link_status") != "up":
                return False
        return True

    def kill(self, port: int) -> None:
        process = self.processes.pop(port)
        process.kill()
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
        self.processes.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def local_cluster(masters: int = 3, replicas: int = 0) -> Iterator[LocalCluster]:
    cluster = LocalCluster(masters, replicas)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
