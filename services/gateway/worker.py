"""The gateway's worker: consume every service's events and invalidate cached reads."""

from __future__ import annotations

import os

from services.gateway.adapters.orm import messaging
from services.gateway.config import GatewaySettings
from services.gateway.entrypoints.consumer import CONSUMER, TOPICS, make_handlers
from services.gateway.response_cache import ResponseCache
from shared.bootstrap import build_infra
from shared.logs import configure_logging
from shared.worker import run_loops


def main() -> None:
    """Run the cache-invalidation consumer until SIGTERM."""
    configure_logging("gateway-worker")
    settings = GatewaySettings.from_mapping("gateway")
    infra = build_infra(settings, messaging)
    infra.ensure_topics(TOPICS)
    cache = ResponseCache(infra.redis, settings.cache_ttl, local=False)
    runner = infra.consumer(CONSUMER, TOPICS, make_handlers(cache))
    metrics_port = int(os.environ.get("GATEWAY_WORKER_METRICS_PORT", "9180")) or None
    run_loops("gateway", {"consumer": runner.run}, metrics_port)


if __name__ == "__main__":
    main()
