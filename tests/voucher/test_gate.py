"""The Redis gate: compensated after a database failure, rebuilt from the database."""

from __future__ import annotations

from sqlalchemy import func, select

from services.voucher.adapters import redis_keys as k
from services.voucher.adapters.orm import vouchers
from services.voucher.service_layer import claims
from services.voucher.service_layer.gate_sync import load_gate
from tests.support import callers
from tests.voucher.conftest import claim


def _db_counts(infra, campaign_id: str) -> dict[str, int]:
    with infra.session_factory() as s:
        return dict(
            s.execute(
                select(vouchers.c.member_id, func.count())
                .where(vouchers.c.campaign_id == campaign_id)
                .group_by(vouchers.c.member_id)
            ).all()
        )


def test_gate_is_compensated_when_the_database_write_fails(client, make_campaign, app, monkeypatch):
    campaign = make_campaign(quantity=3, budget=6000, per_member_limit=2)
    gate = app.extensions["mall_context"].gate
    first = claim(client, campaign["id"], "m-1").get_json()
    # Every new voucher gets the code that already exists: a real unique-constraint failure.
    monkeypatch.setattr(claims.codes, "new_code", lambda: first["code"])
    resp = claim(client, campaign["id"], "m-1", key="retry-me")
    assert resp.status_code == 503 and resp.get_json()["code"] == "claim_failed"
    assert gate.stock(campaign["id"]) == 2
    assert (
        gate.member_counts(campaign["id"])
        == {"m-1": 1}
        == _db_counts(app.extensions["mall_infra"], campaign["id"])
    )
    assert not app.extensions["mall_infra"].redis.exists(
        k.idem_key(campaign["id"], "m-1", "retry-me")
    )
    monkeypatch.undo()
    again = claim(client, campaign["id"], "m-1", key="retry-me")
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert claim(client, campaign["id"], "m-2").status_code == 201
    assert claim(client, campaign["id"], "m-3").get_json()["code"] == "sold_out"


def test_gate_is_rebuilt_from_the_database_after_redis_is_flushed(
    client, make_campaign, app, redis_client
):
    campaign = make_campaign(quantity=3, budget=6000, per_member_limit=1)
    claim(client, campaign["id"], "m-1")
    claim(client, campaign["id"], "m-2")
    redis_client.flushdb()
    # The first claim after the flush reloads the gate: m-1's limit and the stock still hold.
    limited = claim(client, campaign["id"], "m-1")
    assert limited.status_code == 409 and limited.get_json()["code"] == "limit_reached"
    assert claim(client, campaign["id"], "m-3").status_code == 201
    assert claim(client, campaign["id"], "m-4").get_json()["code"] == "sold_out"
    gate = app.extensions["mall_context"].gate
    assert gate.member_counts(campaign["id"]) == _db_counts(
        app.extensions["mall_infra"], campaign["id"]
    )


def test_ops_rebuild_restores_every_open_gate_and_is_safe_twice(
    client, make_campaign, app, redis_client
):
    a = make_campaign(quantity=5, budget=10000)
    b = make_campaign(quantity=4, budget=8000, per_member_limit=2)
    make_campaign(publish=False)
    claim(client, a["id"], "m-1")
    claim(client, b["id"], "m-1")
    claim(client, b["id"], "m-1")
    gate = app.extensions["mall_context"].gate
    redis_client.flushdb()
    for _ in range(2):
        resp = client.post("/api/v1/ops/voucher-gate/rebuild", headers=callers.ops())
        assert resp.status_code == 200 and sorted(resp.get_json()["campaign_ids"]) == sorted(
            [a["id"], b["id"]]
        )
        assert (gate.stock(a["id"]), gate.stock(b["id"])) == (4, 2)
        assert gate.member_counts(b["id"]) == {"m-1": 2}
    assert (
        client.post("/api/v1/ops/voucher-gate/rebuild", headers=callers.member()).status_code == 403
    )


def test_rebuild_of_a_large_campaign_loads_every_free_slot(app, make_campaign):
    campaign = make_campaign(quantity=20000, budget=20000 * 2000)
    ctx = app.extensions["mall_context"]

    load_gate(ctx, campaign["id"])
    assert ctx.gate.stock(campaign["id"]) == 20000


def test_a_closed_campaign_gate_refuses_claims_even_from_another_process_cache(
    client, make_campaign, app
):
    campaign = make_campaign()
    ctx = app.extensions["mall_context"]
    ctx.campaign(campaign["id"])  # warm the in-process cache with the published campaign
    ctx.gate.close(campaign["id"])  # as another process's close would
    resp = claim(client, campaign["id"])
    assert resp.status_code == 422 and resp.get_json()["code"] == "not_open"


def test_a_retried_key_finds_its_voucher_in_the_database_after_redis_loses_it(
    client, make_campaign, redis_client, infra
):
    campaign = make_campaign(per_member_limit=3)
    first = claim(client, campaign["id"], "m-1", key="k-9").get_json()
    redis_client.flushdb()
    again = claim(client, campaign["id"], "m-1", key="k-9")
    assert again.status_code == 201 and again.get_json()["id"] == first["id"]
    assert _db_counts(infra, campaign["id"]) == {"m-1": 1}


def test_claims_committed_around_a_rebuild_are_settled_into_the_new_gate(make_campaign, app):
    campaign = make_campaign(quantity=4, budget=8000, per_member_limit=2)
    ctx, cid = app.extensions["mall_context"], campaign["id"]
    before = ctx.gate.claim(cid, "m-1", "v-1", None)  # passed, not yet in the database
    during = ctx.gate.claim(cid, "m-2", "v-2", None)
    generation = ctx.gate.begin_rebuild(cid)
    assert ctx.gate.claim(cid, "m-3", "v-3", None).status == "not_loaded"  # held back meanwhile
    # the rebuild reads a database that has neither voucher; m-2's commits while it reads
    assert ctx.gate.settle(cid, "m-2", during, 1)
    ctx.gate.finish_rebuild(cid, generation, limit=2, free_slots=[1, 2, 3, 4], member_counts={})
    assert ctx.gate.stock(cid) == 3 and ctx.gate.member_counts(cid) == {"m-2": 1}
    assert ctx.gate.settle(cid, "m-1", before, 1)  # m-1's commits after the rebuild
    assert ctx.gate.stock(cid) == 2
    assert ctx.gate.member_counts(cid) == {"m-1": 1, "m-2": 1}
    assert not ctx.gate.settle(cid, "m-1", ctx.gate.claim(cid, "m-1", "v-4", None), 2)


def test_a_corrupted_gate_never_issues_past_the_quantity(client, make_campaign, app, redis_client):
    campaign = make_campaign(quantity=1, budget=2000)
    stock = k.stock_key(campaign["id"])
    redis_client.delete(stock)
    redis_client.rpush(stock, 7, 8)  # slots that do not exist
    assert claim(client, campaign["id"], "m-1").status_code == 201  # the gate was rebuilt
    assert claim(client, campaign["id"], "m-2").get_json()["code"] == "sold_out"
    with app.extensions["mall_infra"].session_factory() as s:
        assert s.execute(select(vouchers.c.slot)).scalars().all() == [1]


def test_compensation_never_uncounts_a_voucher_the_database_holds(make_campaign, app):
    campaign = make_campaign(quantity=5, budget=10000, per_member_limit=1)
    ctx, cid = app.extensions["mall_context"], campaign["id"]
    passed = ctx.gate.claim(cid, "m-1", "v-2", None)  # a second try whose write then fails
    ctx.gate.compensate(cid, "m-1", passed, "v-2", None, slot_free=True, held_in_db=1)
    assert ctx.gate.member_counts(cid) == {"m-1": 1}  # the first voucher is in the database
    assert ctx.gate.claim(cid, "m-1", "v-3", None).status == "limit_reached"
