"""What the catalog service is made of; `shared.service` builds its app and worker from it."""

from __future__ import annotations

from services.catalog.bootstrap import MIGRATIONS, build
from services.catalog.config import CatalogSettings
from services.catalog.entrypoints import consumer
from services.catalog.entrypoints.errors import ERROR_TABLE
from services.catalog.entrypoints.http import merchant, ops, public
from shared.messaging.topics import CATALOG_EVENTS
from shared.service import ServiceSpec

SPEC = ServiceSpec(
    name="catalog",
    title="Catalog service",
    settings=CatalogSettings,
    build=build,
    error_table=ERROR_TABLE,
    blueprints=[m.blp for m in (public, merchant, ops)],
    consumer=consumer,
    publishes=[CATALOG_EVENTS],
    migrations=MIGRATIONS,
)
