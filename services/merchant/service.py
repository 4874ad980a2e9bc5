"""What the merchant service is made of; `shared.service` builds its app and worker from it."""

from __future__ import annotations

from pathlib import Path

from services.merchant.bootstrap import build
from services.merchant.config import MerchantSettings
from services.merchant.entrypoints import consumer
from services.merchant.entrypoints.errors import ERROR_TABLE
from services.merchant.entrypoints.http import applications, directory, internal, ops, self_service
from shared.messaging.topics import MERCHANT_EVENTS
from shared.service import ServiceSpec

SPEC = ServiceSpec(
    name="merchant",
    title="Merchant-partner service",
    settings=MerchantSettings,
    build=build,
    error_table=ERROR_TABLE,
    blueprints=[m.blp for m in (applications, directory, self_service, ops, internal)],
    consumer=consumer,
    publishes=[MERCHANT_EVENTS],
    migrations=Path(__file__).resolve().parent / "migrations",
)
