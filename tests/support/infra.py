"""Start (if needed) and reach the real Kafka, Redis and PostgreSQL the suite runs against."""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[2]
KAFKA = os.environ.get("KAFKA_BOOTSTRAP", "127.0.0.1:9092")
REDIS_HOST, REDIS_PORT = "127.0.0.1", int(os.environ.get("REDIS_PORT", "6390"))
PG_PORT = int(os.environ.get("PGPORT", "5433"))
PG_ADMIN_URL = os.environ.get(
    "PG_ADMIN_URL", f"postgresql+psycopg://mall:mall@127.0.0.1:{PG_PORT}/postgres"
)
TEST_REDIS_DB = int(os.environ.get("MALL_TEST_REDIS_DB", "9"))  # flushed per test
BACKEND = os.environ.get("MALL_TEST_DB", "sqlite")


def _listening(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=0.5).close()
        return True
    except OSError:
        return False


def ensure_infra() -> None:
    """Bring up Kafka, Redis and PostgreSQL with the project's own script when one is down."""
    kafka_host, kafka_port = KAFKA.rsplit(":", 1)
    up = [
        _listening(kafka_host, int(kafka_port)),
        _listening(REDIS_HOST, REDIS_PORT),
        _listening("127.0.0.1", PG_PORT),
    ]
    if not all(up):
        subprocess.run([str(REPO / "deploy" / "infra.sh"), "up"], check=True)


def redis_url(db: int = TEST_REDIS_DB) -> str:
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}"


def new_postgres_database(prefix: str) -> tuple[str, str]:
    """Create an empty database; return (url, name)."""
    name = f"t_{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}", name


def drop_postgres_database(name: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
