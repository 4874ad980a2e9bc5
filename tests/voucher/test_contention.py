"""The rush: hundreds of concurrent claims against real Redis, database and Kafka."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from services.voucher.adapters.orm import vouchers
from tests.support import callers
from tests.support.kafka import read_topic

QUANTITY, MEMBERS, CLAIMS, THREADS = 100, 300, 420, 48


@pytest.mark.parametrize(("limit", "flush"), [(1, False), (2, False), (1, True)])
def test_a_rush_of_claims_issues_exactly_the_quantity_and_never_oversells(
    app, make_campaign, infra, topic_prefix, redis_client, limit, flush
):
    campaign = make_campaign(quantity=QUANTITY, budget=QUANTITY * 2000, per_member_limit=limit)
    url = f"/api/v1/campaigns/{campaign['id']}/claims"
    # 300 members; the first 120 try twice, some with a retried Idempotency-Key.
    plan = [(f"m-{i % MEMBERS}", f"k-{i % 7}" if i % 5 == 0 else None) for i in range(CLAIMS)]
    start = threading.Barrier(THREADS)
    local = threading.local()
    lock, done = threading.Lock(), []

    def attempt(item: tuple[str, str | None]) -> tuple[str, int, dict]:
        if not getattr(local, "ready", False):
            local.ready = True
            start.wait()  # let every thread fire at once
        member, key = item
        headers = callers.member(member)
        if key:
            headers["Idempotency-Key"] = key
        resp = app.test_client().post(url, headers=headers)
        with lock:
            done.append(resp.status_code)
            if flush and len(done) == CLAIMS // 3:
                redis_client.flushdb()  # Redis loses the gate mid-rush; claims rebuild it
        return member, resp.status_code, resp.get_json()

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(attempt, plan))

    statuses = Counter(status for _, status, _ in results)
    assert set(statuses) <= {201, 409}, statuses
    refused = Counter(body["code"] for _, status, body in results if status == 409)
    assert set(refused) <= {"sold_out", "limit_reached"}
    issued_ids = {body["id"] for _, status, body in results if status == 201}
    assert len(issued_ids) == QUANTITY
    with infra.session_factory() as s:
        rows = s.execute(
            select(vouchers.c.member_id, vouchers.c.slot, vouchers.c.subsidy).where(
                vouchers.c.campaign_id == campaign["id"]
            )
        ).all()
    assert len(rows) == QUANTITY
    assert {r.slot for r in rows} == set(range(1, QUANTITY + 1))
    per_member = Counter(r.member_id for r in rows)
    assert max(per_member.values()) <= limit
    assert sum(r.subsidy for r in rows) <= campaign["budget"]
    gate = app.extensions["mall_context"].gate
    assert gate.stock(campaign["id"]) == 0
    assert gate.member_counts(campaign["id"]) == dict(per_member)
    infra.ensure_topics(["voucher.events"])
    infra.relay().drain()
    events = read_topic(f"{topic_prefix}voucher.events", expect=QUANTITY + 1, timeout=30)
    claimed = [e for e in events if e["type"] == "voucher.claimed"]
    assert len(claimed) == QUANTITY
    assert {e["data"]["voucher_id"] for e in claimed} == issued_ids
    with infra.session_factory() as s:
        total = s.execute(select(func.count()).select_from(vouchers)).scalar_one()
    assert total == QUANTITY
