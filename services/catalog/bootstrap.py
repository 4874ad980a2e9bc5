"""Build the catalog's clients once, for the app or the worker (never at import time)."""

from __future__ import annotations

from pathlib import Path

from services.catalog.adapters.cache import CatalogCache
from services.catalog.adapters.orm import messaging
from services.catalog.config import CatalogSettings
from services.catalog.service_layer.context import CatalogContext
from shared.bootstrap import Infra, build_infra
from shared.clock import utc_now
from shared.migrations import upgrade

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def build(settings: CatalogSettings, overrides: dict | None = None) -> tuple[Infra, CatalogContext]:
    """Return the shared infrastructure and the context the use cases run in."""
    infra = build_infra(settings, messaging)
    cache = CatalogCache(infra.redis, ttl=settings.cache_ttl)
    now = (overrides or {}).get("now") or utc_now  # a test's clock
    ctx = CatalogContext(infra.session_factory, infra.record_event, cache, now)
    return infra, ctx


def migrate(database_url: str) -> None:
    """Bring the catalog database to the latest revision (the category tree included)."""
    upgrade(database_url, MIGRATIONS)
