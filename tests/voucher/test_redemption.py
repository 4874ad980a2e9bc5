"""Merchants redeem vouchers: standing, stores, scope, threshold, exactly once."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from services.voucher.adapters.orm import ledger, redemptions, vouchers
from services.voucher.domain.codes import new_code
from tests.support import callers
from tests.support.kafka import read_topic
from tests.voucher.conftest import claim

URL = "/api/v1/merchant/redemptions"


@pytest.fixture
def voucher(client, make_campaign, apply_merchant):
    apply_merchant()
    campaign = make_campaign()
    return claim(client, campaign["id"]).get_json()


def redeem(client, code, amount=12000, channel="online", merchant="mer-1", key=None, **extra):
    headers = callers.merchant(merchant)
    if key:
        headers["Idempotency-Key"] = key
    body = {"code": code, "order_amount": amount, "channel": channel, **extra}
    return client.post(URL, json=body, headers=headers)


def _stored(infra) -> tuple[int, int]:
    with infra.session_factory() as s:
        return (
            s.execute(select(func.count()).select_from(redemptions)).scalar_one(),
            s.execute(select(func.count()).select_from(ledger)).scalar_one(),
        )


def test_online_redemption_computes_discount_payable_and_subsidy(
    client, voucher, infra, topic_prefix
):
    resp = redeem(client, voucher["display_code"].lower())
    assert resp.status_code == 201
    body = resp.get_json()
    assert (body["order_amount"], body["discount"], body["payable"], body["subsidy"]) == (
        12000,
        2000,
        10000,
        2000,
    )
    assert body["voucher_id"] == voucher["id"] and body["store_id"] is None
    mine = client.get("/api/v1/me/vouchers", headers=callers.member("m-1")).get_json()["items"]
    assert mine[0]["status"] == "redeemed"
    used = client.get("/api/v1/me/redemptions", headers=callers.member("m-1")).get_json()["items"]
    assert [r["id"] for r in used] == [body["id"]]
    assert (
        client.get("/api/v1/me/redemptions", headers=callers.member("m-2")).get_json()["items"]
        == []
    )
    listed = client.get(URL, headers=callers.merchant("mer-1")).get_json()["items"]
    assert [r["id"] for r in listed] == [body["id"]]
    assert client.get(URL, headers=callers.merchant("mer-2")).get_json()["items"] == []
    infra.ensure_topics(["voucher.events"])
    infra.relay().drain()
    events = read_topic(f"{topic_prefix}voucher.events", expect=3)
    redeemed = [e for e in events if e["type"] == "voucher.redeemed"]
    assert redeemed[0]["data"]["discount"] == 2000 and redeemed[0]["data"]["merchant_id"] == "mer-1"


def test_percent_off_is_capped_and_offline_needs_one_of_the_merchants_stores(
    client, make_campaign, apply_merchant, infra
):
    apply_merchant()
    campaign = make_campaign(
        benefit={"type": "percent_off", "percent": 15, "cap": 3000}, subsidy=2500, budget=250000
    )
    code = claim(client, campaign["id"]).get_json()["code"]
    missing = redeem(client, code, channel="offline")
    assert missing.status_code == 422 and "store_id" in missing.get_json()["errors"]
    foreign = redeem(client, code, channel="offline", store_id="mer-2-s1")
    assert foreign.status_code == 422 and foreign.get_json()["code"] == "unknown_store"
    resp = redeem(client, code, amount=30001, channel="offline", store_id="mer-1-s1")
    assert resp.status_code == 201
    body = resp.get_json()
    assert (body["discount"], body["payable"], body["subsidy"]) == (3000, 27001, 2500)
    assert body["store_id"] == "mer-1-s1"


@pytest.mark.parametrize(
    ("scope", "extra", "ok"),
    [
        ({"channels": ["offline"]}, {}, False),
        ({"partner_types": ["welfare_partner"]}, {}, False),
        ({"partner_types": ["discount_partner"]}, {}, True),
        ({"merchant_ids": ["mer-9"]}, {}, False),
        ({"merchant_ids": ["mer-1"]}, {}, True),
        ({"categories": ["dining"]}, {}, False),
        ({"categories": ["groceries"]}, {}, True),  # the merchant's own categories
        ({"categories": ["groceries"]}, {"category": "tropical-fruit"}, True),  # a child category
        ({"categories": ["dining"]}, {"category": "restaurants"}, False),  # not approved
    ],
)
def test_vouchers_count_only_within_the_campaign_scope(
    client, make_campaign, apply_merchant, infra, scope, extra, ok
):
    apply_merchant()
    code = claim(client, make_campaign(scope=scope)["id"]).get_json()["code"]
    resp = redeem(client, code, **extra)
    if ok:
        assert resp.status_code == 201
    else:
        assert resp.status_code == 422
        assert resp.get_json()["code"] in ("out_of_scope", "category_not_approved")
        assert _stored(infra) == (0, 0)


@pytest.mark.parametrize("sent", ["groceries", "tropical-fruit", "dining"])
def test_a_merchant_cannot_claim_a_category_ops_did_not_approve(
    client, make_campaign, apply_merchant, infra, sent
):
    """A restaurant sending "groceries" must not book a groceries-only subsidy."""
    apply_merchant(categories=["restaurants"])  # approved for restaurants only
    groceries_only = make_campaign(scope={"categories": ["groceries"]})
    code = claim(client, groceries_only["id"]).get_json()["code"]
    resp = redeem(client, code, category=sent)
    assert resp.status_code == 422 and resp.get_json()["code"] == "category_not_approved"
    assert "category" in resp.get_json()["errors"]
    assert _stored(infra) == (0, 0)
    # the category it is approved for is the one it may name (a child of an approved parent too)
    dining = claim(client, make_campaign(scope={"categories": ["dining"]})["id"]).get_json()
    assert redeem(client, dining["code"], category="restaurants").status_code == 201


def test_approved_categories_arrive_only_through_merchant_events(
    client, make_campaign, apply_merchant, infra
):
    apply_merchant(categories=["dining"])
    code = claim(client, make_campaign(scope={"categories": ["groceries"]})["id"]).get_json()[
        "code"
    ]
    assert redeem(client, code, category="groceries").status_code == 422
    apply_merchant("merchant.updated", categories=["dining", "groceries"])  # ops approved it
    resp = redeem(client, code, category="groceries")
    assert resp.status_code == 201 and resp.get_json()["category"] == "groceries"


def test_order_below_the_threshold_is_refused(client, voucher, infra):
    resp = redeem(client, voucher["code"], amount=9999)
    assert resp.status_code == 422 and resp.get_json()["code"] == "below_threshold"
    assert _stored(infra) == (0, 0)


def test_typo_unknown_code_and_bad_bodies_are_refused(client, voucher, infra):
    code = voucher["code"]
    typo = code[:3] + ("X" if code[3] != "X" else "Y") + code[4:]
    assert redeem(client, typo).get_json()["code"] == "invalid_code"

    assert redeem(client, new_code()).status_code == 404
    for body in (
        {"code": code, "order_amount": -1, "channel": "online"},
        {"code": code, "order_amount": "12000", "channel": "online"},
        {"code": code, "order_amount": 12000, "channel": "mail"},
        {"code": code, "order_amount": 12000, "channel": "online", "tip": 1},
        {"order_amount": 12000, "channel": "online"},
    ):
        resp = client.post(URL, json=body, headers=callers.merchant("mer-1"))
        assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    assert (
        client.post(
            URL,
            data="{not json",
            headers={**callers.merchant("mer-1"), "Content-Type": "application/json"},
        ).status_code
        == 400
    )
    assert (
        client.post(
            URL,
            json={"code": code, "order_amount": 12000, "channel": "online"},
            headers=callers.member(),
        ).status_code
        == 403
    )
    assert _stored(infra) == (0, 0)


def test_suspended_and_unknown_merchants_cannot_redeem(client, voucher, apply_merchant, infra):
    unknown = redeem(client, voucher["code"], merchant="mer-404")
    assert unknown.status_code == 403 and unknown.get_json()["code"] == "merchant_not_active"
    apply_merchant("merchant.suspended", status="suspended", reason="complaints")
    suspended = redeem(client, voucher["code"])
    assert suspended.status_code == 403 and suspended.get_json()["code"] == "merchant_suspended"
    assert _stored(infra) == (0, 0)
    apply_merchant("merchant.reinstated")
    assert redeem(client, voucher["code"]).status_code == 201


def test_expired_and_not_yet_valid_vouchers_are_refused(
    client, make_campaign, apply_merchant, clock
):
    apply_merchant()
    later = make_campaign(
        valid_days=None,
        claim_ends_at=(clock.now + timedelta(days=1)).isoformat(),
        valid_from=(clock.now + timedelta(days=2)).isoformat(),
        valid_until=(clock.now + timedelta(days=5)).isoformat(),
    )
    code = claim(client, later["id"]).get_json()["code"]
    assert redeem(client, code).get_json()["code"] == "voucher_not_yet_valid"
    clock.advance(days=6)
    assert redeem(client, code).get_json()["code"] == "voucher_expired"


def test_concurrent_redemptions_of_one_voucher_succeed_exactly_once(app, voucher, infra):
    start = threading.Barrier(12)

    def attempt(i: int) -> int:
        start.wait()
        return redeem(app.test_client(), voucher["code"], merchant="mer-1").status_code

    with ThreadPoolExecutor(12) as pool:
        statuses = Counter(pool.map(attempt, range(12)))
    assert statuses == Counter({201: 1, 409: 11})
    assert _stored(infra) == (1, 1)
    with infra.session_factory() as s:
        assert s.execute(select(vouchers.c.status)).scalar_one() == "redeemed"


def test_redemption_honours_idempotency_key(client, voucher, infra):
    first = redeem(client, voucher["code"], key="till-42")
    again = redeem(client, voucher["code"], key="till-42")
    assert first.status_code == again.status_code == 201
    assert first.get_json()["id"] == again.get_json()["id"]
    other = redeem(client, voucher["code"], amount=15000, key="till-42")
    assert other.status_code == 422 and other.get_json()["code"] == "idempotency_key_reused"
    second = redeem(client, voucher["code"])
    assert second.status_code == 409 and second.get_json()["code"] == "already_redeemed"
    assert _stored(infra) == (1, 1)


def test_a_quote_prices_the_purchase_and_changes_nothing(client, voucher, infra):
    quoted = client.post(
        f"{URL}/quote",
        json={"code": voucher["display_code"], "order_amount": 12000, "channel": "online"},
        headers=callers.merchant("mer-1"),
    )
    assert quoted.status_code == 200
    body = quoted.get_json()
    assert (body["discount"], body["payable"], body["subsidy"]) == (2000, 10000, 2000)
    assert _stored(infra) == (0, 0)
    typo = voucher["code"][:-1] + ("0" if voucher["code"][-1] != "0" else "1")
    bad = client.post(
        f"{URL}/quote",
        json={"code": typo, "order_amount": 12000, "channel": "online"},
        headers=callers.merchant("mer-1"),
    )
    assert bad.status_code == 422 and bad.get_json()["code"] == "invalid_code"
    assert redeem(client, voucher["code"]).status_code == 201
