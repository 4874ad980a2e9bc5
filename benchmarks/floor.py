"""The floor of a claim: what the parts of this architecture cost on their own, CPU per request.

`python -m benchmarks.floor` (PostgreSQL and Kafka running) measures, from /proc and the
process's own clock, so that a busy machine shows in the rates but little in the CPU:
- `load_generator`: the rehearsal's driver (`loadgen.rush`), its own CPU per request;
- `web_hop_<server>`: a bare Flask app answering a POST, under gunicorn as the mall runs it
  (`gunicorn_conf.py`) and under granian, the server's whole process tree per request;
- `proxy_hop`: `min_proxy.py` (no framework) forwarding the same POST to that app: the second
  hop the gateway adds, with no caller check, limits, logs or metrics;
- `pg_commit_<n>`: inserting a voucher row and an outbox row, n claims per transaction,
  COMMIT with fsync as configured: client (psycopg) and server backend CPU per claim;
- `kafka_event`: producing one ~600-byte event with acks=all and consuming it: the two
  clients' CPU per event, and the broker's (shared with every session: noisy).
Each figure is a `bench: floor_<part> ratio=<ms> target=info` line; the voucher README's
claim-rush section adds them up.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime

import psycopg
from kafka.admin import KafkaAdminClient, NewTopic

from benchmarks.bench_web_server import command, serving
from benchmarks.cpu import cpu_seconds
from benchmarks.harness import report, scratch_database
from benchmarks.web_servers import _tree_cpu
from services.mallctl.rehearse.loadgen import Claim, rush
from shared.messaging.kafka import make_consumer, make_producer

REQUESTS = int(os.environ.get("BENCH_FLOOR_REQUESTS", "4000"))
COMMITS = int(os.environ.get("BENCH_FLOOR_COMMITS", "2000"))
EVENTS = int(os.environ.get("BENCH_FLOOR_EVENTS", "5000"))
BARE_PORT, PROXY_PORT = 18671, 18672
BARE = "benchmarks.bare_app:create_app"
CLAIMS = [Claim("x" * 400, header="X-Internal-Token") for _ in range(REQUESTS)]  # a token's size


def _driven(port: int, pids: list[int]) -> tuple[float, float]:
    """(server CPU ms, load generator CPU ms) per request of one rush at `port`."""
    rush(f"http://127.0.0.1:{port}", "/api/v1/claims", CLAIMS[:200], connections=32)  # warm
    before, mine = sum(_tree_cpu(p) for p in pids), time.process_time()
    done = rush(f"http://127.0.0.1:{port}", "/api/v1/claims", CLAIMS, connections=32)
    mine, spent = time.process_time() - mine, sum(_tree_cpu(p) for p in pids) - before
    if done.statuses.get(201, 0) != REQUESTS:
        raise SystemExit(f"port {port} answered {dict(done.statuses)}")
    return spent * 1000 / REQUESTS, mine * 1000 / REQUESTS


def web_hops() -> None:
    env = {"LOG_LEVEL": "WARNING"}
    for server in ("gunicorn", "granian"):
        with serving(command(server, BARE, BARE_PORT), BARE_PORT, env) as app:
            server_ms, driver_ms = _driven(BARE_PORT, [app.pid])
            report(f"floor_web_hop_{server}", server_ms, "info", unit="cpu_ms_per_request")
            if server == "gunicorn":
                report("floor_load_generator", driver_ms, "info", unit="cpu_ms_per_request")
                proxy_env = {**env, "MIN_PROXY_UPSTREAM": f"http://127.0.0.1:{BARE_PORT}"}
                proxy_env["MIN_PROXY_TOKEN"] = "x" * 400
                proxy_cmd = command(server, "benchmarks.min_proxy:create_app", PROXY_PORT)
                with serving(proxy_cmd, PROXY_PORT, proxy_env) as proxy:
                    both, _ = _driven(PROXY_PORT, [proxy.pid, app.pid])
                    proxy_ms = both - server_ms
                report("floor_proxy_hop", proxy_ms, "info", unit="cpu_ms_per_request")


def pg_commits(url: str, per_commit: int) -> None:
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS v (id text PRIMARY KEY, code text UNIQUE, "
            "campaign_id text, member_id text, slot int, claimed_at timestamptz, "
            "UNIQUE (campaign_id, slot))"
        )
        conn.execute(
            "CREATE TABLE IF NOT EXISTS o (id bigserial PRIMARY KEY, event_id text UNIQUE, "
            "topic text, key text, payload text, created_at timestamptz, published_at "
            "timestamptz)"
        )
        conn.commit()
        backend = conn.info.backend_pid
        payload = "x" * 600
        base = time.process_time(), cpu_seconds(backend)
        slot = 0
        for _ in range(COMMITS // per_commit):
            for _ in range(per_commit):
                slot += 1
                vid, now = str(uuid.uuid4()), datetime.now(UTC)
                conn.execute(
                    "INSERT INTO v VALUES (%s, %s, %s, %s, %s, %s)",
                    (vid, vid[:20], f"c{per_commit}", f"m{slot}", slot, now),
                )
                conn.execute(
                    "INSERT INTO o (event_id, topic, key, payload, created_at) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    (str(uuid.uuid4()), "voucher.events", vid, payload, now),
                )
            conn.commit()
        client = (time.process_time() - base[0]) * 1000 / slot
        server = (cpu_seconds(backend) - base[1]) * 1000 / slot
    report(f"floor_pg_commit_{per_commit}", client + server, "info",
           client_ms=f"{client:.3f}", backend_ms=f"{server:.3f}", unit="cpu_ms_per_claim")  # fmt: skip


def _kafka_pid() -> int | None:
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"kafka.Kafka" in f.read():
                    return int(pid)
        except (OSError, ValueError):
            continue
    return None


def kafka_events() -> None:
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    topic = f"benchfloor{uuid.uuid4().hex[:6]}.voucher.events"
    broker = _kafka_pid()
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    producer = make_producer(bootstrap, "bench-floor")
    producer.send(topic, key="warm", value="{}").get(timeout=30)  # the topic exists now
    consumer = make_consumer(bootstrap, f"bench-floor-{uuid.uuid4().hex[:6]}", [topic])
    consumer.poll(timeout_ms=2000)
    payload = "x" * 600
    broker_before = cpu_seconds(broker) if broker else 0.0
    started = time.process_time()
    for i in range(EVENTS):
        producer.send(topic, key=f"v{i}", value=payload)
    producer.flush()
    produced = time.process_time()
    seen = 0
    deadline = time.monotonic() + 120
    while seen < EVENTS and time.monotonic() < deadline:
        for records in consumer.poll(timeout_ms=1000, max_records=500).values():
            seen += len([r for r in records if r.key != "warm"])
        consumer.commit()
    consumed = time.process_time()
    broker_ms = (cpu_seconds(broker) - broker_before) * 1000 / EVENTS if broker else 0.0
    producer.close()
    consumer.close()
    admin.delete_topics([topic])
    admin.close()
    report("floor_kafka_event", (consumed - started) * 1000 / EVENTS, "info",
           produce_ms=f"{(produced - started) * 1000 / EVENTS:.3f}",
           consume_ms=f"{(consumed - produced) * 1000 / EVENTS:.3f}",
           broker_ms_shared=f"{broker_ms:.3f}", consumed=seen, unit="cpu_ms_per_event")  # fmt: skip


def main() -> None:
    web_hops()
    with scratch_database("bench_floor") as url:
        for per_commit in (1, 8):
            pg_commits(url, per_commit)
    kafka_events()


if __name__ == "__main__":
    main()
