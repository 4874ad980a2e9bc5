"""Events per second: outbox → relay → Kafka → consumer with its idempotency record,
against raw kafka-python produce → consume of the same messages, side by side in one run."""

from __future__ import annotations

import os
import threading
import time

from kafka import KafkaConsumer
from sqlalchemy import MetaData

from benchmarks.harness import report, scratch_database
from shared.bootstrap import build_infra
from shared.config import Settings
from shared.events import new_event
from shared.messaging.kafka import make_producer
from shared.messaging.topics import ensure_topics
from shared.outbox import define_messaging_tables
from shared.outbox.store import add_event

N = int(os.environ.get("BENCH_EVENTS", "20000"))
BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP", "127.0.0.1:9092")


def events(n: int) -> list:
    return [
        new_event(
            "voucher.expired",
            f"v{i % 500}",
            {
                "voucher_id": f"v{i % 500}",
                "campaign_id": "c1",
                "member_id": f"m{i}",
                "expired_at": "2026-11-28T00:00:00+00:00",
            },
            producer="bench",
        )
        for i in range(n)
    ]


def raw_round_trip(topic: str, payloads: list) -> float:
    """Produce every message, consume them all in a group; return seconds."""
    ensure_topics(BOOTSTRAP, [topic])
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=BOOTSTRAP,
        group_id=f"{topic}-raw",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=500,
    )
    consumer.poll(timeout_ms=2000)  # join the group before the clock starts
    producer = make_producer(BOOTSTRAP, "bench-raw")
    start = time.perf_counter()
    for e in payloads:
        producer.send(topic, key=e.aggregate_id, value=e.to_json())
    producer.flush()
    seen = 0
    while seen < len(payloads):
        for _tp, msgs in consumer.poll(timeout_ms=500).items():
            seen += len(msgs)
        consumer.commit()
    elapsed = time.perf_counter() - start
    producer.close()
    consumer.close()
    return elapsed


def outbox_round_trip(infra, payloads: list) -> float:
    """Events already committed to the outbox; time relay + consumer until all are applied."""
    topic = "voucher.events"
    infra.ensure_topics([topic])
    with infra.session_factory() as session, session.begin():
        for e in payloads:
            add_event(session, infra.tables.outbox, infra.settings.topic(topic), e)
    runner = infra.consumer("bench", [topic], {"voucher.expired": lambda s, e: None})
    runner.consumer.poll(timeout_ms=2000)  # join the group before the clock starts
    relay = infra.relay(batch_size=1000)
    stop = threading.Event()
    start = time.perf_counter()
    thread = threading.Thread(target=relay.run, args=(stop, 0.01))
    thread.start()
    applied = 0
    while applied < len(payloads):
        applied += runner.poll_once(timeout_ms=500)
    elapsed = time.perf_counter() - start
    stop.set()
    thread.join()
    runner.close()
    return elapsed


def main() -> None:
    with scratch_database("bench_outbox") as url:
        name = url.rsplit("/", 1)[1]
        metadata = MetaData()
        tables = define_messaging_tables(metadata)
        settings = Settings.from_mapping("bench", {"database_url": url, "topic_prefix": f"{name}."})
        infra = build_infra(settings, tables)
        metadata.create_all(infra.engine)
        try:
            payloads = events(N)
            raw = raw_round_trip(f"{name}.raw", payloads)
            via_outbox = outbox_round_trip(infra, events(N))
        finally:
            infra.engine.dispose()
    raw_eps, outbox_eps = N / raw, N / via_outbox
    report(
        "outbox_pipeline",
        outbox_eps / raw_eps,
        "0.5",
        events=N,
        outbox_eps=round(outbox_eps),
        raw_eps=round(raw_eps),
        db="postgresql",
    )


if __name__ == "__main__":
    main()
