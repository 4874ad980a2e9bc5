"""Catalog service settings, from the environment with working local defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.config import Settings, env_int


@dataclass
class CatalogSettings(Settings):
    """CATALOG_CACHE_TTL, CATALOG_PORT, CATALOG_WORKER_METRICS_PORT, plus the shared settings."""

    service: str = "catalog"
    cache_ttl: int = field(default_factory=lambda: env_int("CATALOG_CACHE_TTL", 60))
    http_port: int = field(default_factory=lambda: env_int("CATALOG_PORT", 8082))
