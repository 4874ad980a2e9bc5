"""What every view of this service reaches for: the use cases' context and the caller."""

from __future__ import annotations

from flask import current_app

from services.merchant.service_layer.audit import Actor
from services.merchant.service_layer.context import MerchantContext
from shared.service import CONTEXT_KEY
from shared.web.auth import current_principal


def context() -> MerchantContext:
    """The use cases' context, built once by bootstrap.build()."""
    return current_app.extensions[CONTEXT_KEY]


def actor() -> Actor:
    p = current_principal()
    return Actor(p.role, p.sub)
