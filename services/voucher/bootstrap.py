"""Build the voucher service's clients and use-case context from its settings."""

from __future__ import annotations

import time

from services.voucher.adapters.gate import ClaimGate
from services.voucher.adapters.orm import messaging
from services.voucher.config import VoucherSettings
from services.voucher.service_layer.context import VoucherContext
from shared.bootstrap import Infra, build_infra
from shared.clock import utc_now


def build(settings: VoucherSettings, overrides: dict | None = None) -> tuple[Infra, VoucherContext]:
    """Return the infrastructure and the context the use cases run in (`overrides["now"]`,
    and `overrides["ticks"]`, the monotonic seconds its short memories go by)."""
    overrides = overrides or {}
    infra = build_infra(settings, messaging)
    ctx = VoucherContext(
        session_factory=infra.session_factory,
        record_event=infra.record_event,
        settings=settings,
        gate=ClaimGate(infra.redis),
        now=overrides.get("now") or utc_now,
        ticks=overrides.get("ticks") or time.monotonic,
    )
    return infra, ctx
