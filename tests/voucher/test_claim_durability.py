"""A 201 is a promise: the claim survives a SIGKILL of its web process right after answering."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import requests
from sqlalchemy import func, select

from benchmarks.detached_mall import free_port
from services.voucher.adapters.orm import vouchers
from shared.messaging.topics import VOUCHER_EVENTS
from tests.support import callers, infra
from tests.support.kafka import read_topic

KILL_AFTER = 25  # answered claims before the web process is killed


def _serve(service_config: dict, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "VOUCHER_DATABASE_URL": service_config["database_url"],
        "REDIS_URL": service_config["redis_url"],
        "KAFKA_TOPIC_PREFIX": service_config["topic_prefix"],
        "LOG_LEVEL": "WARNING",
    }
    cmd = [sys.executable, "-m", "services.mallctl.web_server", "services.voucher.app:create_app",
           "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "8"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=infra.REPO, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                return proc
        except requests.RequestException:
            pass
        assert proc.poll() is None and time.monotonic() < deadline, "voucher did not start"
        time.sleep(0.2)


def test_every_claim_answered_201_is_committed_and_reaches_kafka_after_a_sigkill(
    app, make_campaign, service_config
):
    campaign = make_campaign(quantity=500, budget=500 * 2000)
    port = free_port()
    web = _serve(service_config, port)
    path = f"/api/v1/campaigns/{campaign['id']}/claims"
    url = f"http://127.0.0.1:{port}{path}"

    def member(sub: str) -> dict:  # as the gateway signs it: for this service, method and path
        token = callers.member(sub)[callers.HEADER]
        return {callers.HEADER: callers.bound_token(token, "voucher", "POST", path)}

    answered: list[str] = []
    killed = threading.Event()
    lock = threading.Lock()

    def member_claims(worker: int) -> None:
        session = requests.Session()
        for n in range(200):
            if killed.is_set():
                return
            try:
                resp = session.post(url, headers=member(f"m-{worker}-{n}"), timeout=10)
            except requests.RequestException:
                return  # the process is gone: this one was never answered
            if resp.status_code == 201:
                with lock:
                    answered.append(resp.json()["id"])
                    if len(answered) >= KILL_AFTER and not killed.is_set():
                        os.killpg(web.pid, signal.SIGKILL)  # no graceful anything
                        killed.set()

    threads = [threading.Thread(target=member_claims, args=(w,)) for w in range(8)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        if web.poll() is None:
            os.killpg(web.pid, signal.SIGKILL)
        web.wait(timeout=20)
    assert killed.is_set() and len(answered) >= KILL_AFTER

    infra_ = app.extensions["mall_infra"]
    with infra_.session_factory() as session:
        stored = set(session.execute(select(vouchers.c.id)).scalars())
    assert set(answered) <= stored  # committed before the answer went out

    infra_.ensure_topics([VOUCHER_EVENTS])
    infra_.relay().drain()  # a relay that starts after the crash finds them in the outbox
    outbox = infra_.tables.outbox
    with infra_.session_factory() as session:  # the campaign's own events are there too
        staged = session.execute(select(func.count()).select_from(outbox)).scalar_one()
    topic = service_config["topic_prefix"] + VOUCHER_EVENTS
    events = read_topic(topic, expect=staged, timeout=30)
    published = {e["data"]["voucher_id"] for e in events if e["type"] == "voucher.claimed"}
    assert set(answered) <= published
