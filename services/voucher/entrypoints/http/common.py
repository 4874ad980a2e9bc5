"""Helpers the voucher blueprints share."""

from __future__ import annotations

from flask import current_app, request

from services.voucher.service_layer.context import VoucherContext
from shared.errors import Invalid
from shared.service import CONTEXT_KEY


def context() -> VoucherContext:
    """The use cases' context, built once by bootstrap.build()."""
    return current_app.extensions[CONTEXT_KEY]


def idempotency_key() -> str | None:
    """Return the request's Idempotency-Key, checked for length."""
    key = request.headers.get("Idempotency-Key")
    if key is not None and not 1 <= len(key) <= 200:
        raise Invalid("Idempotency-Key must be 1 to 200 characters.")
    return key
