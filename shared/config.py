"""Settings from environment variables, with defaults that work on a developer machine."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import ClassVar

from shared.production import InsecureSettings, database_problem, refuse, secret_problems

__all__ = ["InsecureSettings", "Settings"]

REPO_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MALL_VAR", REPO_ROOT / "var"))

# Development-only secrets: production sets its own through the environment.
DEV_INTERNAL_SECRET = "dev-internal-secret-change-me-0123456789"  # noqa: S105
DEV_JWT_SECRET = "dev-idp-secret-change-me-0123456789abcdef"  # noqa: S105


# The conventional ports of each service's worker metrics (docs/CONVENTIONS.md).
WORKER_METRICS_PORTS = {"gateway": 9180, "merchant": 9181, "catalog": 9182, "voucher": 9183}


def env(name: str, default: str) -> str:
    """Read one setting, falling back to its local default."""
    return os.environ.get(name, default)


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def default_database_url(service: str) -> str:
    """Each service defaults to its own embedded SQLite file."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{VAR_DIR / (service + '.db')}"


@dataclass
class Settings:
    """What every service needs; services subclass it for their own settings."""

    # Fields whose development default must never reach production (subclasses add theirs).
    DEV_DEFAULTS: ClassVar[dict[str, str]] = {"internal_secret": DEV_INTERNAL_SECRET}

    service: str
    database_url: str = ""
    redis_url: str = field(default_factory=lambda: env("REDIS_URL", "redis://127.0.0.1:6390/0"))
    kafka_bootstrap: str = field(default_factory=lambda: env("KAFKA_BOOTSTRAP", "127.0.0.1:9092"))
    topic_prefix: str = field(default_factory=lambda: env("KAFKA_TOPIC_PREFIX", ""))
    internal_secret: str = field(
        default_factory=lambda: env("INTERNAL_TOKEN_SECRET", DEV_INTERNAL_SECRET)
    )
    relay_interval: float = field(default_factory=lambda: env_float("OUTBOX_RELAY_INTERVAL", 0.2))
    consumer_max_attempts: int = field(default_factory=lambda: env_int("CONSUMER_MAX_ATTEMPTS", 3))
    # How long one batch may wait for an outage to end before its failures are parked.
    consumer_max_wait: float = field(
        default_factory=lambda: env_float("CONSUMER_MAX_WAIT_SECONDS", 900.0)
    )
    environment: str = field(default_factory=lambda: env("MALL_ENV", "development"))

    # <SERVICE>_WORKER_METRICS_PORT; 0 turns the worker's Prometheus endpoint off.
    worker_metrics_port: int | None = None
    # The worker brings its database to head before it starts (a no-op after `mallctl migrate`).
    migrate_on_start: bool = field(
        default_factory=lambda: env("MIGRATE_ON_START", "1").lower() not in ("0", "false", "no")
    )

    def __post_init__(self) -> None:
        if self.worker_metrics_port is None:
            self.worker_metrics_port = env_int(
                f"{self.service.upper()}_WORKER_METRICS_PORT",
                WORKER_METRICS_PORTS.get(self.service, 0),
            )
        if not self.database_url:
            self.database_url = env(
                f"{self.service.upper()}_DATABASE_URL", default_database_url(self.service)
            )
        if self.production:
            refuse(self.production_problems())

    @property
    def production(self) -> bool:
        return self.environment == "production"

    def secrets(self) -> dict[str, str]:
        """The secrets this process uses (subclasses leave out those their setup ignores)."""
        return {name: getattr(self, name) for name in self.DEV_DEFAULTS}

    def production_problems(self) -> list[str]:
        """Why these settings may not run in production (subclasses add their own)."""
        problems = secret_problems(self.secrets(), self.DEV_DEFAULTS)
        db = database_problem(f"{self.service.upper()}_DATABASE_URL", self.database_url)
        return [*problems, db] if db else problems

    def topic(self, name: str) -> str:
        """Return the topic name with this deployment's prefix (tests use one per run)."""
        return f"{self.topic_prefix}{name}"

    @classmethod
    def from_mapping(cls, service: str, overrides: dict | None = None) -> Settings:
        """Build settings from the environment, then apply explicit overrides (tests)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in (overrides or {}).items() if k in known}
        values.setdefault("service", service)
        return cls(**values)
