"""A whole mall (`deploy/run.sh --detach --no-seed`) on ports of its own, for a rush.

Every process runs as `make run` runs it: the four web processes, their workers with relays
and consumers, under the same supervisor. Its own topic prefix, database names and run folder;
stopped, with its databases and topics dropped, when the block ends.
"""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kafka.admin import KafkaAdminClient
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parent.parent
SERVICES = ("gateway", "merchant", "catalog", "voucher")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class DetachedMall:
    env: dict
    marker: str
    run_dir: Path

    @property
    def gateway(self) -> str:
        return self.env["MALL_GATEWAY"]

    @property
    def supervisor_pid(self) -> int:
        return int((self.run_dir / "supervisord.pid").read_text())

    def log(self) -> str:
        path = self.run_dir / "mall.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _drop(env: dict, marker: str) -> None:
    if env.get("MALL_DB") == "postgres":
        admin = create_engine(env["PG_ADMIN_URL"], isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for svc in SERVICES:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{marker}_{svc}" WITH (FORCE)'))
        admin.dispose()
    kafka = KafkaAdminClient(bootstrap_servers=env["KAFKA_BOOTSTRAP"])
    try:
        topics = [t for t in kafka.list_topics() if t.startswith(f"{marker}.")]
        if topics:
            kafka.delete_topics(topics)
        groups = [g["group_id"] for g in kafka.list_groups() if g["group_id"].startswith(marker)]
        if groups:
            kafka.delete_groups(groups)
    finally:
        kafka.close()


@contextmanager
def detached_mall(folder: Path, *, redis_url: str, backend: str = "postgres", **extra: str):
    """Start the mall on free ports; yield it; stop it and drop what it created."""
    marker = f"rush{uuid.uuid4().hex[:8]}"
    run_dir = folder / "run"
    pg_admin = os.environ.get(
        "PG_ADMIN_URL", "postgresql+psycopg://mall:mall@127.0.0.1:5433/postgres"
    )
    env = {
        **os.environ,
        "RUN_INFRA": "0",
        "MALL_RUN_DIR": str(run_dir),
        "KAFKA_TOPIC_PREFIX": f"{marker}.",
        "KAFKA_BOOTSTRAP": os.environ.get("KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
        "REDIS_URL": redis_url,
        "PG_ADMIN_URL": pg_admin,
        "TRUSTED_PROXY_HOPS": "1",  # the rehearsal's members come through one proxy
        "READY_TIMEOUT": "180",
        **extra,
    }
    for svc in SERVICES:
        env[f"{svc.upper()}_PORT"] = str(free_port())
        env[f"{svc.upper()}_WORKER_METRICS_PORT"] = str(free_port())
    # and the other listeners too, or two of these (or one beside `make run`) collide on them
    env.update(GATEWAY_INTERNAL_PORT=str(free_port()), WEB_PORT=str(free_port()))
    if backend == "postgres":
        env.update(MALL_DB="postgres", MALL_DB_PREFIX=f"{marker}_")
        env["VOUCHER_DATABASE_URL"] = pg_admin.rsplit("/", 1)[0] + f"/{marker}_voucher"
    else:
        env["MALL_DB"] = "sqlite"
        for svc in SERVICES:
            env[f"{svc.upper()}_DATABASE_URL"] = f"sqlite:///{folder / svc}.db"
    env["MALL_GATEWAY"] = f"http://127.0.0.1:{env['GATEWAY_PORT']}"
    run = [str(REPO / "deploy" / "run.sh")]
    mall = DetachedMall(env, marker, run_dir)
    try:
        subprocess.run(
            [*run, "--detach", "--no-seed"], cwd=REPO, env=env, check=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300,
        )  # fmt: skip
        yield mall
    finally:
        subprocess.run([*run, "stop"], cwd=REPO, env=env, capture_output=True, timeout=120)
        _drop(env, marker)
