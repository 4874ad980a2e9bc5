"""What every view of this service reaches for: the use-case dependencies and the caller."""

from __future__ import annotations

from flask import current_app

from services.merchant.service_layer.deps import Actor, Deps
from shared.service import CONTEXT_KEY
from shared.web.auth import current_principal


def context() -> Deps:
    """The use cases' dependencies, built once by bootstrap.build()."""
    return current_app.extensions[CONTEXT_KEY]


def actor() -> Actor:
    p = current_principal()
    return Actor(p.role, p.sub)
