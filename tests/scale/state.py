"""What the scaled mall's databases hold after the run."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text

CONSUMERS = {  # the database each consumer group records its processed events in
    "catalog-merchants": "catalog",
    "voucher-merchants": "voucher",
    "gateway-cache": "gateway",
    "merchant-redemption-totals": "merchant",
}


@dataclass
class Facts:
    unpublished: dict[str, int] = field(default_factory=dict)
    dead_letters: dict[str, int] = field(default_factory=dict)
    outbox_ids: dict[str, int] = field(default_factory=dict)  # event id -> outbox id
    processed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    standing_mismatches: dict[str, tuple[str, str]] = field(default_factory=dict)


def database_facts(mall) -> Facts:
    facts = Facts()
    engines = {
        svc: create_engine(mall.database_url(svc))
        for svc in ("merchant", "catalog", "voucher", "gateway")
    }
    try:
        for svc, engine in engines.items():
            with engine.connect() as conn:
                facts.unpublished[svc] = conn.execute(
                    text("SELECT count(*) FROM outbox WHERE published_at IS NULL")
                ).scalar_one()
                facts.dead_letters[svc] = conn.execute(
                    text("SELECT count(*) FROM dead_letters")
                ).scalar_one()
                for event_id, row_id in conn.execute(text("SELECT event_id, id FROM outbox")):
                    facts.outbox_ids[event_id] = row_id
        for group, svc in CONSUMERS.items():
            with engines[svc].connect() as conn:
                rows = conn.execute(
                    text("SELECT event_id FROM processed_events WHERE consumer = :c"), {"c": group}
                )
                facts.processed[group] = {r[0] for r in rows}
        with engines["merchant"].connect() as conn:
            truth = dict(conn.execute(text("SELECT id, status FROM merchants")).all())
        with engines["catalog"].connect() as conn:
            copy = dict(conn.execute(text("SELECT merchant_id, status FROM merchants")).all())
        facts.standing_mismatches = {
            m: (truth.get(m), s) for m, s in copy.items() if truth.get(m) != s
        }
    finally:
        for engine in engines.values():
            engine.dispose()
    return facts


def relay_slots(mall, service: str) -> dict[str, int]:
    """How many outbox slots each live relay of the service holds now."""
    engine = create_engine(mall.database_url(service))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT holder, count(*) FROM relay_lease WHERE name LIKE 'slot:%' "
                    "AND holder IS NOT NULL AND expires_at > now() GROUP BY holder"
                )
            ).all()
    finally:
        engine.dispose()
    return {holder.split(":")[0] + ":" + holder.split(":")[1]: n for holder, n in rows}
