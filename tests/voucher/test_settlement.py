"""Reversal, expiry, settlement statements and KPIs, reconciled to the fen."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from sqlalchemy import event, func, select

from services.voucher.adapters.orm import messaging, vouchers
from services.voucher.service_layer import expiry
from tests.support import callers
from tests.support.kafka import read_topic
from tests.support.races import together
from tests.voucher.conftest import claim
from tests.voucher.test_redemption import redeem


def _reverse(client, redemption_id, merchant="mer-1", **body):
    return client.post(
        f"/api/v1/merchant/redemptions/{redemption_id}/reversal",
        json=body,
        headers=callers.merchant(merchant),
    )


def test_reversal_within_the_window_adjusts_the_ledger_once(
    client, make_campaign, apply_merchant, clock, infra, topic_prefix
):
    apply_merchant()
    apply_merchant(merchant_id="mer-2")
    code = claim(client, make_campaign()["id"]).get_json()["code"]
    redemption = redeem(client, code).get_json()
    assert _reverse(client, redemption["id"], merchant="mer-2").status_code == 404
    no_body = client.post(
        f"/api/v1/merchant/redemptions/{redemption['id']}/reversal",
        headers=callers.merchant("mer-2"),
    )
    assert no_body.status_code == 404  # an empty body is fine; the redemption is not theirs
    clock.advance(hours=71)
    first = _reverse(client, redemption["id"], reason="refund")
    assert first.status_code == 201 and first.get_json()["reversed_at"]
    again = _reverse(client, redemption["id"])
    assert again.status_code == 200 and again.get_json()["reversal_reason"] == "refund"
    bad = _reverse(client, redemption["id"], reason="x" * 501)
    assert bad.status_code == 422
    reused = redeem(client, code)
    assert reused.status_code == 409 and reused.get_json()["code"] == "voucher_not_usable"
    statement = client.get(
        "/api/v1/merchant/settlements", headers=callers.merchant("mer-1")
    ).get_json()
    assert statement["total_net_subsidy"] == 0  # (the entries may fall in two months)
    assert sum(i["reversals"] for i in statement["items"]) == 1
    infra.ensure_topics(["voucher.events"])
    infra.relay().drain()
    types = [e["type"] for e in read_topic(f"{topic_prefix}voucher.events", expect=4)]
    assert sorted(types) == [
        "campaign.published",
        "voucher.claimed",
        "voucher.redeemed",
        "voucher.reversed",
    ]


def test_reversal_after_the_window_is_refused(client, make_campaign, apply_merchant, clock):
    apply_merchant()
    code = claim(client, make_campaign()["id"]).get_json()["code"]
    redemption = redeem(client, code).get_json()
    clock.advance(hours=72, seconds=1)
    resp = _reverse(client, redemption["id"])
    assert resp.status_code == 422 and resp.get_json()["code"] == "reversal_window_closed"
    assert (
        client.get("/api/v1/merchant/settlements", headers=callers.merchant("mer-1")).get_json()[
            "total_net_subsidy"
        ]
        == 2000
    )


def ledger_reads(infra) -> list[str]:
    """Every SQL statement that reads the ledger, from now on."""
    seen: list[str] = []

    @event.listens_for(infra.engine, "before_cursor_execute")
    def _record(_conn, _cursor, statement, *_args) -> None:
        if "ledger_entries" in statement and statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    return seen


def test_statements_reconcile_to_the_fen_by_shanghai_month(
    client, infra, make_campaign, apply_merchant, clock
):
    clock.now = datetime(2026, 1, 31, 15, 30, tzinfo=UTC)  # 23:30 in Shanghai, still January
    apply_merchant()
    apply_merchant(merchant_id="mer-2", partner_type="welfare_partner")
    campaign = make_campaign(
        benefit={"type": "percent_off", "percent": 10, "cap": 1500},
        subsidy=1200,
        quantity=10,
        budget=12000,
        per_member_limit=10,
    )
    codes = [claim(client, campaign["id"]).get_json()["code"] for _ in range(5)]
    jan = [
        redeem(client, codes[0], amount=9999).get_json(),
        redeem(client, codes[1], amount=20000, merchant="mer-2").get_json(),
    ]
    clock.advance(hours=1)  # 00:30 on 1 February in Shanghai
    feb = [
        redeem(client, codes[2], amount=12345).get_json(),
        redeem(client, codes[3], amount=50000).get_json(),
    ]
    assert (
        _reverse(client, jan[0]["id"]).status_code == 201
    )  # a January redemption reversed in February
    assert [r["subsidy"] for r in jan + feb] == [999, 1200, 1200, 1200]
    reads = ledger_reads(infra)
    ops_jan = client.get("/api/v1/ops/settlements?period=2026-01", headers=callers.ops()).get_json()
    assert {i["merchant_id"]: i["net_subsidy"] for i in ops_jan["items"]} == {
        "mer-1": 999,
        "mer-2": 1200,
    }
    ops_feb = client.get("/api/v1/ops/settlements?period=2026-02", headers=callers.ops()).get_json()
    assert ops_feb["items"] == [
        {"merchant_id": "mer-1", "period": "2026-02", "redemptions": 2, "redeemed_subsidy": 2400,
         "reversals": 1, "reversed_subsidy": 999, "net_subsidy": 1401},
    ]  # fmt: skip
    everything = client.get("/api/v1/ops/settlements", headers=callers.ops()).get_json()
    redeemed = sum(r["subsidy"] for r in jan + feb) - jan[0]["subsidy"]
    assert everything["total_net_subsidy"] == redeemed == 999 + 1200 + 1401
    assert reads and all("sum(" in s.lower() for s in reads)  # no ledger row leaves the database
    pages, cursor = [], None
    while True:
        query = "limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(f"/api/v1/ops/settlements?{query}", headers=callers.ops()).get_json()
        assert len(page["items"]) <= 2 and page["total_net_subsidy"] == redeemed
        pages.append(page["items"])
        if not (cursor := page["next_cursor"]):
            break
    assert [len(p) for p in pages] == [2, 1]
    assert [(i["merchant_id"], i["period"]) for p in pages for i in p] == [
        ("mer-1", "2026-01"), ("mer-1", "2026-02"), ("mer-2", "2026-01")
    ]  # fmt: skip
    assert everything["items"] == [i for p in pages for i in p]
    bad = client.get("/api/v1/ops/settlements?cursor=bm90LWpzb24", headers=callers.ops())
    assert bad.status_code == 422
    mine = client.get(
        "/api/v1/merchant/settlements?period=2026-02", headers=callers.merchant("mer-2")
    ).get_json()
    assert mine["items"] == []
    exported = client.get(
        "/api/v1/ops/settlements?period=2026-02", headers={**callers.ops(), "Accept": "text/csv"}
    )
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert rows == [{"merchant_id": "mer-1", "period": "2026-02", "redemptions": "2", "redeemed_subsidy": "2400",
                     "reversals": "1", "reversed_subsidy": "999", "net_subsidy": "1401"}]  # fmt: skip
    for bad in ("2026-13", "26-01", "2026-1", "January", "2026-02%0A"):
        for accept in ("application/json", "text/csv"):
            resp = client.get(
                f"/api/v1/ops/settlements?period={bad}", headers={**callers.ops(), "Accept": accept}
            )
            assert resp.status_code == 422 and "period" in resp.get_json()["errors"]["query"]
    unnamed = client.get("/api/v1/ops/settlements", headers={**callers.ops(), "Accept": "text/csv"})
    assert unnamed.status_code == 422 and "period" in unnamed.get_json()["errors"]["query"]
    assert (
        client.get("/api/v1/ops/settlements", headers=callers.merchant("mer-1")).status_code == 403
    )


def test_kpis_count_member_services_and_subsidy_by_campaign(client, make_campaign, apply_merchant):
    apply_merchant()
    campaign = make_campaign(quantity=10, budget=20000)
    codes = [claim(client, campaign["id"], f"m-{i}").get_json()["code"] for i in range(3)]
    redeem(client, codes[0])
    kpis = client.get("/api/v1/ops/kpis/vouchers", headers=callers.ops()).get_json()
    assert kpis["member_services"] == {"claims": 3, "redemptions": 1, "total": 4}
    assert kpis["subsidy_by_campaign"] == [
        {"campaign_id": campaign["id"], "name": campaign["name"], "budget": 20000,
         "committed": 6000, "spent": 2000, "remaining": 18000},
    ]  # fmt: skip


def test_expiry_job_marks_due_vouchers_once_and_emits_events(
    client, make_campaign, apply_merchant, clock, infra, topic_prefix
):
    apply_merchant()
    short = make_campaign(valid_days=1)
    long = make_campaign(valid_days=10)
    due = claim(client, short["id"]).get_json()
    kept = claim(client, long["id"]).get_json()
    used = claim(client, short["id"], "m-2").get_json()
    redeem(client, used["code"])
    expire = "/api/v1/ops/vouchers/expire"
    assert client.post(expire, headers=callers.ops()).get_json()["count"] == 0
    clock.advance(days=1, seconds=1)
    assert client.post(expire, headers=callers.ops()).get_json()["count"] == 1
    assert client.post(expire, headers=callers.ops()).get_json()["count"] == 0
    statuses = {
        v["id"]: v["status"]
        for v in client.get("/api/v1/me/vouchers", headers=callers.member("m-1")).get_json()[
            "items"
        ]
    }
    assert statuses == {due["id"]: "expired", kept["id"]: "issued"}
    assert redeem(client, due["code"]).get_json()["code"] == "voucher_expired"
    infra.ensure_topics(["voucher.events"])
    infra.relay().drain()
    events = read_topic(f"{topic_prefix}voucher.events", expect=7)
    expired = [e for e in events if e["type"] == "voucher.expired"]
    assert [e["data"]["voucher_id"] for e in expired] == [due["id"]]
    assert client.post(expire, headers=callers.member()).status_code == 403


def test_concurrent_expiry_sweeps_expire_each_voucher_once(
    client, make_campaign, apply_merchant, clock, infra, monkeypatch
):
    # Each sweep's batch UPDATE locks its rows in whatever order its plan scans them; sweeps
    # racing over the same vouchers take disjoint batches (SKIP LOCKED) and wait for nobody.
    monkeypatch.setattr(expiry, "BATCH", 7)  # several batches each, so the sweeps overlap
    apply_merchant()
    campaign = make_campaign(valid_days=1)
    for i in range(40):
        assert claim(client, campaign["id"], f"m-{i}").status_code == 201
    clock.advance(days=1, seconds=1)
    outbox = messaging.outbox
    expired_events = select(func.count()).where(outbox.c.event_type == "voucher.expired")
    sweep = "/api/v1/ops/vouchers/expire"
    for round_ in range(1, 16):
        ran = together(
            {
                f"sweep-{n}": lambda: client.post(sweep, headers=callers.ops()).get_json()
                for n in range(3)
            }
        )
        assert not [r for r in ran.values() if isinstance(r, Exception)], ran
        assert sum(r["count"] for r in ran.values()) == 40
        with infra.session_factory() as s:
            assert set(s.scalars(select(vouchers.c.status))) == {"expired"}
            assert s.scalar(expired_events) == 40 * round_  # one event per voucher expired
        with infra.session_factory() as s, s.begin():  # issued again, for the next round
            s.execute(vouchers.update().values(status="issued", expired_at=None))


def test_a_voucher_claimed_late_lasts_its_days_not_beyond(client, make_campaign, clock):
    campaign = make_campaign(valid_days=3)
    clock.advance(days=2)
    v = claim(client, campaign["id"]).get_json()
    assert datetime.fromisoformat(v["valid_until"]) == clock.now + timedelta(days=3)
