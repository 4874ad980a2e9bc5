"""Do Redis, PostgreSQL and Kafka agree on a campaign's claims? Read each one's own record."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from kafka import KafkaConsumer, TopicPartition
from redis import Redis
from sqlalchemy import create_engine, func, select

from services.voucher.adapters import redis_keys
from services.voucher.adapters.orm import vouchers
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


def gate_counts(redis: Redis, campaign_id: str, quantity: int, limit: int) -> tuple[int, int, int]:
    """(slots taken, members' counts summed, members past the limit) as the gate holds them."""
    free = redis.llen(redis_keys.stock_key(campaign_id))
    counts = [int(c) for c in redis.hvals(redis_keys.members_key(campaign_id))]
    return quantity - free, sum(counts), sum(1 for c in counts if c > limit)


def database_counts(database_url: str, campaign_id: str, limit: int) -> tuple[int, int]:
    """(vouchers, members past the limit) in the voucher database."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(func.count()).where(vouchers.c.campaign_id == campaign_id)
            ).scalar_one()
            per_member = (
                select(vouchers.c.member_id)
                .where(vouchers.c.campaign_id == campaign_id)
                .group_by(vouchers.c.member_id)
                .having(func.count() > limit)
                .subquery()
            )
            over = conn.execute(select(func.count()).select_from(per_member)).scalar_one()
    finally:
        engine.dispose()
    return rows, over


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
    *, redis: Redis, database_url: str, bootstrap: str, prefix: str, campaign_id: str,
    quantity: int, limit: int, answered_201: int, kafka_wait: float = 60.0,
) -> Agreement:  # fmt: skip
    """Read the three stores and compare them with the 201s the rush received."""
    taken, counted, over_gate = gate_counts(redis, campaign_id, quantity, limit)
    rows, over_db = database_counts(database_url, campaign_id, limit)
    events = kafka_events(bootstrap, prefix, campaign_id, expect=rows, wait=kafka_wait)
    return Agreement(answered_201, taken, counted, rows, events, quantity, over_db, over_gate)
