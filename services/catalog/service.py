"""What the catalog service is made of; `shared.service` builds its app and worker from it."""

from __future__ import annotations

from services.catalog.entrypoints.http import merchant, ops, public
from shared.messaging.topics import CATALOG_EVENTS
from shared.service import ServiceSpec

SPEC = ServiceSpec.of(
    __package__,
    title="Catalog service",
    blueprints=[m.blp for m in (public, merchant, ops)],
    publishes=[CATALOG_EVENTS],
)
