"""Apply each service's Alembic migrations to the database its settings name."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from shared.config import Settings
from shared.migrations import upgrade

SERVICES = ("merchant", "catalog", "voucher", "gateway")


def migrations_dir(service: str) -> Path | None:
    """Find services/<service>/migrations wherever the package is installed."""
    spec = importlib.util.find_spec(f"services.{service}")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "migrations"
    has_versions = any((folder / "versions").glob("*.py")) if folder.is_dir() else False
    return folder if has_versions and (folder / "env.py").exists() else None


def migrate_service(service: str) -> str:
    """Upgrade one service's database to head; say what happened."""
    folder = migrations_dir(service)
    if folder is None:
        return "no migrations"
    url = Settings(service=service).database_url  # <SERVICE>_DATABASE_URL, else var/<svc>.db
    upgrade(url, folder)
    return "at head"
