"""Helpers the voucher blueprints share."""

from __future__ import annotations

from flask import current_app

from services.voucher.service_layer.context import VoucherContext
from shared.service import CONTEXT_KEY


def context() -> VoucherContext:
    """The use cases' context, built once by bootstrap.build()."""
    return current_app.extensions[CONTEXT_KEY]
