"""Members claim vouchers: eligibility, window, stock, limit, idempotency, events."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import func, select

from services.voucher.adapters.campaign_repo import CampaignRepository
from services.voucher.adapters.orm import vouchers
from tests.support import callers
from tests.support.kafka import read_topic
from tests.voucher.conftest import claim


def _vouchers(infra) -> int:
    with infra.session_factory() as s:
        return s.execute(select(func.count()).select_from(vouchers)).scalar_one()


def test_claim_returns_the_voucher_and_emits_voucher_claimed(
    client, make_campaign, infra, topic_prefix, clock
):
    campaign = make_campaign()
    resp = claim(client, campaign["id"], "m-1")
    assert resp.status_code == 201
    v = resp.get_json()
    assert v["status"] == "issued" and v["campaign_id"] == campaign["id"]
    assert len(v["code"]) == 17 and v["benefit"]["amount_off"] == 2000
    assert v["valid_until"].startswith((clock.now + timedelta(days=30)).date().isoformat())
    infra.ensure_topics(["voucher.events"])
    infra.relay().drain()
    events = [
        e
        for e in read_topic(f"{topic_prefix}voucher.events", expect=2)
        if e["type"] == "voucher.claimed"
    ]
    assert events[0]["data"]["voucher_id"] == v["id"] and events[0]["data"]["subsidy"] == 2000


def test_second_claim_past_the_limit_is_refused(client, make_campaign, infra):
    campaign = make_campaign(per_member_limit=2)
    assert claim(client, campaign["id"]).status_code == 201
    assert claim(client, campaign["id"]).status_code == 201
    third = claim(client, campaign["id"])
    assert third.status_code == 409 and third.get_json()["code"] == "limit_reached"
    assert _vouchers(infra) == 2


def test_claim_after_stock_runs_out_is_sold_out(client, make_campaign, infra):
    campaign = make_campaign(quantity=2, budget=4000)
    assert claim(client, campaign["id"], "m-1").status_code == 201
    assert claim(client, campaign["id"], "m-2").status_code == 201
    resp = claim(client, campaign["id"], "m-3")
    assert resp.status_code == 409 and resp.get_json()["code"] == "sold_out"
    assert _vouchers(infra) == 2


def test_members_outside_segments_or_regions_are_not_eligible(client, make_campaign, infra):
    campaign = make_campaign(segments=["new_employment", "hardship"], regions=["460200"])
    cases = [
        {"segments": ("regular",), "region": "460200"},
        {"segments": ("hardship",), "region": "460100"},
    ]
    for who in cases:
        resp = claim(client, campaign["id"], "m-x", **who)
        assert resp.status_code == 403 and resp.get_json()["code"] == "not_eligible"
    ok = claim(client, campaign["id"], "m-y", segments=("regular", "hardship"), region="460200")
    assert ok.status_code == 201
    assert _vouchers(infra) == 1


def test_claims_outside_the_window_or_after_close_are_not_open(client, make_campaign, clock, infra):
    upcoming = make_campaign(claim_starts_at=(clock.now + timedelta(hours=2)).isoformat())
    resp = claim(client, upcoming["id"])
    assert resp.status_code == 422 and resp.get_json()["code"] == "not_open"
    clock.advance(hours=3)
    assert claim(client, upcoming["id"]).status_code == 201
    clock.advance(days=8)
    assert claim(client, upcoming["id"], "m-2").get_json()["code"] == "not_open"
    clock.advance(days=-8)
    client.post(f"/api/v1/ops/campaigns/{upcoming['id']}/close", headers=callers.ops())
    closed = claim(client, upcoming["id"], "m-3")
    assert closed.status_code == 422 and closed.get_json()["code"] == "not_open"
    assert _vouchers(infra) == 1


def test_drafts_and_unknown_campaigns_cannot_be_claimed(client, make_campaign):
    draft = make_campaign(publish=False)
    assert claim(client, draft["id"]).status_code == 404
    assert claim(client, "no-such-campaign").get_json()["code"] == "not_found"


def test_only_members_claim(client, make_campaign):
    campaign = make_campaign()
    url = f"/api/v1/campaigns/{campaign['id']}/claims"
    assert client.post(url, headers=callers.ops()).status_code == 403
    assert client.post(url, headers=callers.merchant("mer-1")).status_code == 403
    assert client.post(url).status_code == 401


def test_same_idempotency_key_returns_the_same_voucher_not_a_second(client, make_campaign, infra):
    campaign = make_campaign(per_member_limit=3)
    first = claim(client, campaign["id"], "m-1", key="k-1")
    again = claim(client, campaign["id"], "m-1", key="k-1")
    assert first.status_code == again.status_code == 201
    assert first.get_json()["id"] == again.get_json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    other_member = claim(client, campaign["id"], "m-2", key="k-1")
    assert other_member.get_json()["id"] != first.get_json()["id"]
    assert _vouchers(infra) == 2
    other = make_campaign()
    reused = claim(client, other["id"], "m-1", key="k-1")
    assert reused.status_code == 422 and reused.get_json()["code"] == "idempotency_key_reused"
    too_long = claim(client, campaign["id"], "m-1", key="k" * 201)
    assert too_long.status_code == 422
    for odd in ("k 1", "k-\u00e9"):  # not the documented shape: visible ASCII only
        assert claim(client, campaign["id"], "m-1", key=odd).status_code == 422
    assert _vouchers(infra) == 2


def test_members_see_their_own_vouchers_by_status(client, make_campaign):
    a, b = make_campaign(), make_campaign()
    mine = {
        claim(client, a["id"], "m-1").get_json()["id"],
        claim(client, b["id"], "m-1").get_json()["id"],
    }
    claim(client, a["id"], "m-2")
    page = client.get("/api/v1/me/vouchers?limit=1", headers=callers.member("m-1")).get_json()
    rest = client.get(
        f"/api/v1/me/vouchers?cursor={page['next_cursor']}", headers=callers.member("m-1")
    ).get_json()
    assert {v["id"] for v in page["items"] + rest["items"]} == mine and rest["next_cursor"] is None
    issued = client.get(
        "/api/v1/me/vouchers?status=issued", headers=callers.member("m-1")
    ).get_json()
    assert len(issued["items"]) == 2
    assert (
        client.get("/api/v1/me/vouchers?status=redeemed", headers=callers.member("m-1")).get_json()[
            "items"
        ]
        == []
    )
    assert (
        client.get("/api/v1/me/vouchers?status=lost", headers=callers.member("m-1")).status_code
        == 422
    )
    assert (
        client.get("/api/v1/me/vouchers?limit=0", headers=callers.member("m-1")).status_code == 422
    )
    listed = client.get(f"/api/v1/campaigns/{a['id']}", headers=callers.member("m-1")).get_json()
    assert listed["remaining_for_me"] == 0 and listed["remaining_stock"] == 98


def test_sold_out_is_remembered_briefly_then_the_gate_is_asked_again(
    client, make_campaign, app, clock
):
    campaign = make_campaign(quantity=2, budget=4000)
    ctx, cid = app.extensions["mall_context"], campaign["id"]
    assert claim(client, cid, "m-1").status_code == 201
    passed = ctx.gate.claim(cid, "m-x", "v-x", None)  # takes the last slot, never written
    assert claim(client, cid, "m-2").get_json()["code"] == "sold_out"
    ctx.gate.compensate(cid, "m-x", passed, "v-x", None, slot_free=True)  # the slot comes back
    assert ctx.gate.stock(cid) == 1
    assert claim(client, cid, "m-3").get_json()["code"] == "sold_out"  # remembered for a moment
    clock.advance(seconds=ctx.settings.sold_out_memo_seconds + 0.05)
    assert claim(client, cid, "m-3").status_code == 201


def test_a_lapsed_campaign_copy_is_reloaded_by_one_thread_not_by_every_claim(
    client, make_campaign, app, clock, monkeypatch
):
    campaign = make_campaign(quantity=50, budget=100000)
    ctx, cid = app.extensions["mall_context"], campaign["id"]
    assert claim(client, cid, "m-0").status_code == 201  # the copy is cached
    loads, real = [], CampaignRepository.get

    def slow_get(repo, campaign_id):
        loads.append(campaign_id)
        time.sleep(0.2)  # a reload in flight while the others claim
        return real(repo, campaign_id)

    monkeypatch.setattr(CampaignRepository, "get", slow_get)
    clock.advance(seconds=ctx.settings.campaign_cache_seconds + 0.05)  # the copy lapses
    start = threading.Barrier(8)

    def one(i: int) -> int:
        start.wait()
        return claim(app.test_client(), cid, f"m-{i + 1}").status_code

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(one, range(8))) == [201] * 8
    assert loads == [cid]
