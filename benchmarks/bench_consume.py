"""CPU per event consumed: the catalog's merchant consumer applying merchant.updated
snapshots to its copy (one savepoint, the processed-events record, the commit per batch)."""

from __future__ import annotations

import time
import uuid

from benchmarks.cpu import Meter, per_request_ms
from benchmarks.harness import scratch_database
from shared.events import new_event
from shared.messaging.kafka import make_producer
from shared.messaging.topics import MERCHANT_EVENTS


def snapshot(i: int) -> dict:
    return {
        "merchant_id": f"cost-merchant-{i % 500}", "legal_name": f"店 {i}",
        "partner_type": "discount_partner", "status": "active", "region": "460100",
    }  # fmt: skip


def consume_cost(n: int, redis_url: str) -> dict[str, float]:
    import os

    from services.catalog.bootstrap import build, migrate
    from services.catalog.config import CatalogSettings
    from services.catalog.entrypoints.consumer import CONSUMER, TOPICS, build_handlers

    with scratch_database("bench_consume") as url:
        migrate(url)
        prefix = f"bench{uuid.uuid4().hex[:6]}."
        settings = CatalogSettings.from_mapping(
            "catalog", {"database_url": url, "redis_url": redis_url, "topic_prefix": prefix}
        )
        infra, ctx = build(settings)
        infra.ensure_topics(TOPICS)
        runner = infra.consumer(CONSUMER, TOPICS, build_handlers(ctx.cache))
        runner.consumer.poll(timeout_ms=1000)  # join the group before the events exist
        producer = make_producer(settings.kafka_bootstrap, "bench-consume")
        for i in range(n):
            event = new_event(
                "merchant.updated", f"cost-merchant-{i % 500}", snapshot(i), producer="merchant"
            )
            producer.send(
                settings.topic(MERCHANT_EVENTS), key=event.aggregate_id, value=event.to_json()
            )
        producer.flush()
        producer.close()
        meter = Meter(os.getpid(), url, redis_url)
        before, applied = meter.sample(), 0
        while applied < n:
            applied += runner.poll_once(timeout_ms=1000)
        time.sleep(0.5)
        cost = per_request_ms(before, meter.sample(), n)
        runner.close()
        meter.close()
        infra.engine.dispose()
    return cost
