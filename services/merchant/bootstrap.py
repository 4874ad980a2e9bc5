"""Build the merchant service's clients and use-case context, once per process."""

from __future__ import annotations

from services.merchant.adapters.key_cache import KeyCache
from services.merchant.adapters.orm import messaging
from services.merchant.config import MerchantSettings
from services.merchant.service_layer.context import MerchantContext
from shared.bootstrap import Infra, build_infra
from shared.clock import utc_now


def build(
    settings: MerchantSettings, overrides: dict | None = None
) -> tuple[Infra, MerchantContext]:
    """Return the shared infrastructure and the context the use cases run in."""
    settings.holidays  # noqa: B018 - a malformed PUBLIC_HOLIDAYS fails at start, not on submit
    settings.extra_working_days  # noqa: B018
    infra = build_infra(settings, messaging)
    key_cache = KeyCache(infra.redis, ttl=settings.key_cache_ttl)
    now = (overrides or {}).get("now") or utc_now  # a test's clock
    ctx = MerchantContext(infra.session_factory, infra.record_event, settings, key_cache, now)
    return infra, ctx
