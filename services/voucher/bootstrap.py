"""Build the voucher service's clients and use-case context from its settings."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from services.voucher.adapters.gate import ClaimGate
from services.voucher.adapters.orm import messaging
from services.voucher.config import VoucherSettings
from services.voucher.service_layer.context import VoucherContext
from shared.bootstrap import Infra, build_infra


def utc_now() -> datetime:
    return datetime.now(UTC)


def build(settings: VoucherSettings, overrides: dict | None = None) -> tuple[Infra, VoucherContext]:
    """Return the infrastructure and the context the use cases run in (`overrides["clock"]`,
    and `overrides["ticks"]`, the monotonic seconds its short memories go by)."""
    overrides = overrides or {}
    clock: Callable[[], datetime] | None = overrides.get("clock")
    infra = build_infra(settings, messaging)
    context = VoucherContext(
        session_factory=infra.session_factory,
        gate=ClaimGate(infra.redis),
        record=infra.record_event,
        settings=settings,
        clock=clock or utc_now,
        ticks=overrides.get("ticks") or time.monotonic,
    )
    return infra, context
