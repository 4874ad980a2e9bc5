"""Helpers the voucher blueprints share."""

from __future__ import annotations

from flask import current_app, request

from services.voucher.service_layer.context import VoucherContext
from shared.errors import Invalid


def ctx() -> VoucherContext:
    return current_app.extensions["voucher_ctx"]


def idempotency_key() -> str | None:
    """Return the request's Idempotency-Key, checked for length."""
    key = request.headers.get("Idempotency-Key")
    if key is not None and not 1 <= len(key) <= 200:
        raise Invalid("Idempotency-Key must be 1 to 200 characters.")
    return key
