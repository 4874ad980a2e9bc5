"""The gateway's worker: consume every service's events and invalidate cached reads."""

from __future__ import annotations

from services.gateway.adapters.orm import messaging
from services.gateway.config import GatewaySettings
from services.gateway.response_cache import ResponseCache
from shared.bootstrap import Infra, build_infra
from shared.service import ServiceSpec, worker_main


def build(settings: GatewaySettings, _overrides: dict | None = None) -> tuple[Infra, ResponseCache]:
    """The worker's composition root: the infrastructure and the cache it invalidates."""
    infra = build_infra(settings, messaging)
    return infra, ResponseCache(infra.redis, settings.cache_ttl, local=False)


# The gateway builds its own web app (services/gateway/app.py); its worker is like the others.
WORKER = ServiceSpec.of(__package__, build=build, publishes=[])


def main(test_config: dict | None = None) -> None:
    """Run the cache-invalidation consumer until SIGTERM."""
    worker_main(WORKER, test_config)


if __name__ == "__main__":
    main()
