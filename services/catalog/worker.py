"""`python -m services.catalog.worker`: the outbox relay and the merchant-events consumer."""

from __future__ import annotations

from services.catalog.bootstrap import build, migrate
from services.catalog.config import CatalogSettings
from services.catalog.entrypoints.consumer import CONSUMER, TOPICS, build_handlers
from shared.logs import configure_logging
from shared.messaging.topics import CATALOG_EVENTS
from shared.worker import run_loops


def main() -> None:
    """Run until SIGTERM: publish catalog events, apply merchant events."""
    settings = CatalogSettings.from_mapping("catalog")
    configure_logging(settings.service)
    migrate(settings.database_url)
    infra, ctx = build(settings)
    infra.ensure_topics([*TOPICS, CATALOG_EVENTS])
    relay = infra.relay()
    runner = infra.consumer(CONSUMER, TOPICS, build_handlers(ctx.cache))
    run_loops(
        "catalog",
        {"relay": lambda stop: relay.run(stop, settings.relay_interval), "merchants": runner.run},
        settings.metrics_port,
    )


if __name__ == "__main__":
    main()
