"""A tiny stand-in service: a notes table plus the messaging tables, on the real infrastructure."""

from __future__ import annotations

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table

from shared.bootstrap import build_infra
from shared.config import Settings
from shared.messaging.topics import ensure_topics
from shared.outbox import define_messaging_tables

metadata = MetaData()
messaging = define_messaging_tables(metadata)
notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("merchant_id", String(50)),
    Column("text", String(200)),
)

TOPIC = "merchant.events"


@pytest.fixture
def infra(service_config):
    settings = Settings.from_mapping("foundation", service_config)
    built = build_infra(settings, messaging)
    metadata.create_all(built.engine)
    ensure_topics(settings.kafka_bootstrap, [settings.topic(TOPIC)])
    yield built
    built.engine.dispose()
    built.redis.close()


def snapshot(merchant_id: str, status: str = "active", name: str = "海南椰子铺") -> dict:
    """Event data for a merchant.* event."""
    return {
        "merchant_id": merchant_id,
        "legal_name": name,
        "partner_type": "discount_partner",
        "status": status,
        "region": "460100",
    }
