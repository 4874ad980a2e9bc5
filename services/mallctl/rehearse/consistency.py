"""Do Redis, PostgreSQL and Kafka agree on a campaign's claims? Read each one's own record."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from kafka import KafkaConsumer, TopicPartition

from services.mallctl.service_commands import run_json
from shared.messaging.topics import VOUCHER_EVENTS


@dataclass
class Agreement:
    """Each store's count of issued vouchers, and members past their limit."""

    answered_201: int
    gate_taken: int  # quantity minus the free slots left in Redis
    gate_counted: int  # the sum of the per-member counts in Redis
    rows: int  # vouchers in PostgreSQL
    events: int  # distinct voucher.claimed events on Kafka
    quantity: int
    over_limit_db: int
    over_limit_gate: int

    @property
    def ok(self) -> bool:
        counts = {self.answered_201, self.gate_taken, self.gate_counted, self.rows, self.events}
        return (
            len(counts) == 1
            and self.rows <= self.quantity
            and self.over_limit_db == 0
            and self.over_limit_gate == 0
        )

    def lines(self) -> list[str]:
        verdict = "OK" if self.ok else "MISMATCH"
        return [
            f"consistency {verdict}: 201s={self.answered_201} redis_taken={self.gate_taken} "
            f"redis_counted={self.gate_counted} postgres_rows={self.rows} "
            f"kafka_events={self.events} quantity={self.quantity}",
            f"past a member's limit: postgres={self.over_limit_db} redis={self.over_limit_gate}",
        ]


def voucher_books(database_url: str, redis_url: str, campaign_id: str) -> dict:
    """The campaign's claims as the voucher service's gate and database hold them.

    mallctl imports no service, so it runs the voucher's own read-only command with the
    voucher's database and Redis.
    """
    return run_json(
        "services.voucher.entrypoints.claim_books",
        campaign_id,
        env={"VOUCHER_DATABASE_URL": database_url, "REDIS_URL": redis_url},
        timeout=120,
    )


def kafka_events(bootstrap: str, prefix: str, campaign_id: str, *, expect: int, wait: float) -> int:
    """Distinct voucher.claimed events of the campaign on voucher.events, waiting for `expect`."""
    topic = prefix + VOUCHER_EVENTS
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    needle = campaign_id.encode()
    seen: set[str] = set()
    try:
        parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(parts)
        consumer.seek_to_beginning(*parts)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and len(seen) < expect:
            for messages in consumer.poll(timeout_ms=500, max_records=5000).values():
                for message in messages:
                    if needle not in message.value:  # cheap: most events are someone else's
                        continue
                    event = json.loads(message.value)
                    data = event.get("data", {})
                    if event.get("type") == "voucher.claimed" and data.get("campaign_id") == (
                        campaign_id
                    ):
                        seen.add(data["voucher_id"])
    finally:
        consumer.close()
    return len(seen)


def check(
    *, database_url: str, redis_url: str, bootstrap: str, prefix: str, campaign_id: str,
    answered_201: int, kafka_wait: float = 60.0,
) -> Agreement:  # fmt: skip
    """Read the three stores and compare them with the 201s the rush received."""
    books = voucher_books(database_url, redis_url, campaign_id)
    rows = books["rows"]
    events = kafka_events(bootstrap, prefix, campaign_id, expect=rows, wait=kafka_wait)
    return Agreement(
        answered_201, books["gate_taken"], books["gate_counted"], rows, events,
        books["quantity"], books["over_limit_db"], books["over_limit_gate"],
    )  # fmt: skip
