"""Claims written at the same moment share one transaction; when it fails, no slot is lost."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from services.voucher.adapters.orm import vouchers
from services.voucher.service_layer.group_commit import GroupCommit
from tests.voucher.conftest import claim

CLAIMS = 12


@pytest.fixture
def service_config(service_config):
    # A leader waits for announced claims this long at most: long enough for a busy machine.
    return {**service_config, "group_commit_window_ms": 10_000}


@contextmanager
def _one_claim_announced_until_all_are_in(writes: GroupCommit) -> Iterator[None]:
    """The test stands in for a claim still on its way, so the leader waits for every claim
    (however the threads are scheduled) and they share one transaction."""
    handed_in = threading.Semaphore(0)
    run = writes.run

    def counted_run(write):
        handed_in.release()
        return run(write)

    writes.run = counted_run
    try:
        with writes.expected():
            yield
            for _ in range(CLAIMS):
                assert handed_in.acquire(timeout=30)
    finally:
        writes.run = run


def _claim_together(app, campaign_id: str) -> list:
    start = threading.Barrier(CLAIMS)
    answers: list = [None] * CLAIMS

    def one(i: int) -> None:
        client = app.test_client()
        start.wait()
        answers[i] = claim(client, campaign_id, f"m-{i}")

    threads = [threading.Thread(target=one, args=(i,)) for i in range(CLAIMS)]
    with _one_claim_announced_until_all_are_in(app.extensions["mall_context"].writes):
        for t in threads:
            t.start()
    for t in threads:
        t.join(timeout=60)
    return answers


def _rows(app, campaign_id: str) -> int:
    with app.extensions["mall_infra"].session_factory() as session:
        return session.execute(
            select(func.count()).where(vouchers.c.campaign_id == campaign_id)
        ).scalar_one()


def test_concurrent_claims_commit_together_and_each_is_answered(app, make_campaign):
    campaign = make_campaign(quantity=CLAIMS, budget=CLAIMS * 2000)
    writes = app.extensions["mall_context"].writes
    answers = _claim_together(app, campaign["id"])
    assert [a.status_code for a in answers] == [201] * CLAIMS
    assert len({a.get_json()["id"] for a in answers}) == CLAIMS
    assert writes.largest_group == CLAIMS
    assert _rows(app, campaign["id"]) == CLAIMS
    gate = app.extensions["mall_context"].gate
    assert gate.stock(campaign["id"]) == 0
    # each event carries the request id of its own claim, not of the claim that led the group
    outbox = app.extensions["mall_infra"].tables.outbox
    with app.extensions["mall_infra"].session_factory() as session:
        staged = session.execute(
            select(outbox.c.key, outbox.c.payload).where(outbox.c.event_type == "voucher.claimed")
        ).all()
    request_ids = {a.get_json()["id"]: a.headers["X-Request-Id"] for a in answers}
    assert {key: json.loads(payload)["request_id"] for key, payload in staged} == request_ids


def test_a_failed_group_commit_gives_every_claim_in_it_its_slot_back(app, make_campaign):
    campaign = make_campaign(quantity=CLAIMS, budget=CLAIMS * 2000)
    ctx = app.extensions["mall_context"]
    engine = app.extensions["mall_infra"].engine

    def refuse(_conn) -> None:  # as when the server goes away at COMMIT
        raise OperationalError(
            "COMMIT", {}, psycopg.OperationalError("server closed the connection unexpectedly")
        )

    event.listen(engine, "commit", refuse)
    try:
        answers = _claim_together(app, campaign["id"])
    finally:
        event.remove(engine, "commit", refuse)
    assert ctx.writes.largest_group == CLAIMS  # they did fail as a group
    assert [a.status_code for a in answers] == [503] * CLAIMS  # none answered as if it held
    assert _rows(app, campaign["id"]) == 0
    assert ctx.gate.stock(campaign["id"]) == CLAIMS  # every slot is back
    assert ctx.gate.member_counts(campaign["id"]) == {}
    # and the stock is whole: every member can claim now
    again = _claim_together(app, campaign["id"])
    assert [a.status_code for a in again] == [201] * CLAIMS
