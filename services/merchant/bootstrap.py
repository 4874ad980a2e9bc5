"""Build the merchant service's clients and use-case dependencies, once per process."""

from __future__ import annotations

from services.merchant.adapters.key_cache import KeyCache
from services.merchant.adapters.orm import messaging
from services.merchant.adapters.uow import SqlUnitOfWork
from services.merchant.config import MerchantSettings
from services.merchant.service_layer.deps import Deps
from shared.bootstrap import Infra, build_infra


def build(settings: MerchantSettings, overrides: dict | None = None) -> tuple[Infra, Deps]:
    """Return the shared infrastructure and what the use cases need (the composition root)."""
    settings.holidays  # noqa: B018 - a malformed PUBLIC_HOLIDAYS fails at start, not on submit
    settings.extra_working_days  # noqa: B018
    infra = build_infra(settings, messaging)
    deps = Deps(
        uow=lambda: SqlUnitOfWork(infra),
        settings=settings,
        key_cache=KeyCache(infra.redis, ttl=settings.key_cache_ttl),
    )
    return infra, deps
