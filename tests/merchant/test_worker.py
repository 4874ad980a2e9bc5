"""`python -m services.merchant.worker` publishes the outbox and consumes voucher events."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from shared.messaging.kafka import make_producer
from shared.messaging.topics import MERCHANT_EVENTS, VOUCHER_EVENTS
from tests.merchant.helpers import BASE, approved_merchant
from tests.merchant.test_events import redemption, topic_ready
from tests.support import callers
from tests.support.infra import KAFKA
from tests.support.kafka import read_topic, wait_until

REPO = Path(__file__).resolve().parents[2]


def test_worker_process_relays_events_and_keeps_totals(app, client, merchant_config):
    mid, _ = approved_merchant(client)
    app.extensions["mall_infra"].ensure_topics([MERCHANT_EVENTS, VOUCHER_EVENTS])
    assert topic_ready(f"{merchant_config['topic_prefix']}{VOUCHER_EVENTS}")
    env = {
        **os.environ,
        "MERCHANT_DATABASE_URL": merchant_config["database_url"],
        "REDIS_URL": merchant_config["redis_url"],
        "KAFKA_BOOTSTRAP": KAFKA,
        "KAFKA_TOPIC_PREFIX": merchant_config["topic_prefix"],
        "MERCHANT_WORKER_METRICS_PORT": "0",
        "OUTBOX_RELAY_INTERVAL": "0.05",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "services.merchant.worker"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        published = read_topic(f"{merchant_config['topic_prefix']}{MERCHANT_EVENTS}", expect=1)
        assert published[0]["type"] == "merchant.approved"
        assert published[0]["aggregate_id"] == mid
        producer = make_producer(KAFKA, "merchant-worker-test")
        event = redemption("voucher.redeemed", mid, "r-w1")
        producer.send(
            f"{merchant_config['topic_prefix']}{VOUCHER_EVENTS}",
            key=event.aggregate_id,
            value=event.to_json(),
        )
        producer.flush()
        producer.close()

        def counted():
            board = client.get(f"{BASE}/merchant/dashboard", headers=callers.merchant(mid))
            return board.get_json()["redeemed"] == 1

        assert wait_until(counted, timeout=30)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            _out, err = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            _out, err = worker.communicate()
    assert worker.returncode == 0, err.decode()[-2000:]
