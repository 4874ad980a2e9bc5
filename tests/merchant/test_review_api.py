"""Ops review: approve, reject, return and resubmit; queue filters; audit; KPIs."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

from services.merchant.app import create_app
from tests.merchant.helpers import (
    BASE,
    anonymous,
    application,
    approve,
    credit_code,
    first_key,
    submit,
    verify,
)
from tests.merchant.key_link_helpers import sent_link_token, sent_messages
from tests.support import callers

OPS = f"{BASE}/ops/merchant-applications"
RETRIEVE = f"{BASE}/merchant-key-retrievals"


def decide(client, app_id, action, reason="资料不全"):
    return client.post(f"{OPS}/{app_id}/{action}", json={"reason": reason}, headers=callers.ops())


def test_approval_creates_an_active_merchant_and_sends_its_contact_a_key_link(client):
    app = submit(client, contact_mobile="13976543210")
    approval = approve(client, app["id"])
    merchant = approval["merchant"]
    assert approval["application"]["status"] == "approved"
    assert approval["application"]["merchant_id"] == merchant["id"]
    assert merchant["status"] == "active" and merchant["credit_code"] == app["credit_code"]
    assert len(merchant["stores"]) == 1 and merchant["stores"][0]["region"] == "460100"
    assert set(approval) == {"application", "merchant", "key_link"}  # no api_key for ops
    link = approval["key_link"]
    assert set(link) == {"id", "merchant_id", "sent_to", "expires_at"}
    assert link["merchant_id"] == merchant["id"] and link["sent_to"] == "139****3210"
    [message] = sent_messages(client, merchant["id"])
    assert message["recipient"] == "13976543210"
    assert sent_link_token(client, merchant["id"]) not in json.dumps(approval)
    profile = client.get(f"{BASE}/merchant/profile", headers=callers.merchant(merchant["id"]))
    assert "api_key" not in profile.get_json()
    again = client.post(f"{OPS}/{app['id']}/approve", json={}, headers=callers.ops())
    assert again.status_code == 409 and again.get_json()["code"] == "invalid_state"


def test_the_contacts_link_yields_the_first_key_once_and_no_log_shows_it(client, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    approval = approve(client, submit(client)["id"])
    merchant_id = approval["merchant"]["id"]
    current = f"{BASE}/merchant/api-keys"
    assert client.get(current, headers=callers.merchant(merchant_id)).status_code == 404
    token = sent_link_token(client, merchant_id)
    opened = client.post(RETRIEVE, json={"token": token}, headers=anonymous())
    assert opened.status_code == 201, opened.get_json()
    key = opened.get_json()["api_key"]
    assert key.startswith("mk_live_") and opened.get_json()["merchant_id"] == merchant_id
    assert opened.get_json()["api_key_prefix"] == key[:12]
    assert verify(client, key).status_code == 200
    twice = client.post(RETRIEVE, json={"token": token}, headers=anonymous())
    assert twice.status_code == 404 and twice.get_json()["code"] == "key_link_invalid"
    assert verify(client, key).status_code == 200  # the second try changed nothing
    out, err = capfd.readouterr()
    for secret in (key, token):
        assert secret not in caplog.text and secret not in out + err


def test_the_first_key_is_audited_as_the_contacts_asked_by_the_approving_ops_user(client):
    app = submit(client)
    approved = client.post(f"{OPS}/{app['id']}/approve", json={}, headers=callers.ops("ops-li"))
    assert approved.status_code == 201
    merchant_id = approved.get_json()["merchant"]["id"]
    first_key(client, merchant_id)
    trail = client.get(
        f"{BASE}/ops/merchants/{merchant_id}/audit", headers=callers.ops()
    ).get_json()["items"]
    by_action = {t["action"]: t for t in trail}
    assert by_action["approve"]["actor_sub"] == "ops-li"
    asked = by_action["request_key_link"]
    assert asked["actor_role"] == "ops" and asked["actor_sub"] == "ops-li"
    assert asked["reason"] == approved.get_json()["key_link"]["id"]
    issued = by_action["issue_key"]
    assert issued["actor_role"] == "merchant_contact" and "ops-li" in issued["reason"]


def test_rejection_needs_a_reason_and_frees_the_code(client):
    app = submit(client)
    no_reason = client.post(f"{OPS}/{app['id']}/reject", json={}, headers=callers.ops())
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["errors"]
    resp = decide(client, app["id"], "reject", "经营范围不符")
    assert resp.status_code == 200
    assert resp.get_json()["application"]["status"] == "rejected"
    seen = client.get(
        f"{BASE}/merchant-applications/{app['id']}",
        headers={**anonymous(), "X-Application-Secret": app["secret"]},
    ).get_json()
    assert seen["status"] == "rejected" and seen["reason"] == "经营范围不符"
    submit(client, credit_code=app["credit_code"])  # may apply again


def test_code_of_an_existing_merchant_is_a_409(client):
    code = credit_code()
    approve(client, submit(client, credit_code=code)["id"])
    resp = client.post(
        f"{BASE}/merchant-applications", json=application(credit_code=code), headers=anonymous()
    )
    assert resp.status_code == 409 and resp.get_json()["code"] == "duplicate_credit_code"


def test_returned_application_is_resubmitted_by_the_secret_holder(client):
    app = submit(client)
    assert decide(client, app["id"], "return", "请补充门店地址").status_code == 200
    url = f"{BASE}/merchant-applications/{app['id']}"
    changed = application(credit_code=app["credit_code"], legal_name="海口椰风生鲜股份有限公司")
    wrong = client.put(url, json=changed, headers={**anonymous(), "X-Application-Secret": "x"})
    assert wrong.status_code == 404
    resp = client.put(
        url, json=changed, headers={**anonymous(), "X-Application-Secret": app["secret"]}
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["status"] == "submitted"
    assert resp.get_json()["legal_name"] == "海口椰风生鲜股份有限公司"
    twice = client.put(
        url, json=changed, headers={**anonymous(), "X-Application-Secret": app["secret"]}
    )
    assert twice.status_code == 409 and twice.get_json()["code"] == "invalid_state"
    assert approve(client, app["id"])["merchant"]["legal_name"] == "海口椰风生鲜股份有限公司"


def test_resubmission_with_invalid_body_changes_nothing(client):
    app = submit(client)
    decide(client, app["id"], "return")
    url = f"{BASE}/merchant-applications/{app['id']}"
    headers = {**anonymous(), "X-Application-Secret": app["secret"]}
    bad = client.put(url, json=application(contact_mobile="999"), headers=headers)
    assert bad.status_code == 422
    assert client.get(url, headers=headers).get_json()["status"] == "returned"


def test_queue_filters_by_status_and_overdue_across_a_weekend(client, ctx):
    friday = datetime(2026, 11, 27, 2, tzinfo=UTC)  # Friday 10:00 in Hainan
    ctx.now = lambda: friday
    late = submit(client)
    assert late["review_deadline"] == "2026-12-01T16:00:00+00:00"  # end of Tuesday
    decided = submit(client)
    decide(client, decided["id"], "reject")
    ctx.now = lambda: friday + timedelta(days=4, hours=13)  # Tuesday 23:00 local: in time
    on_time = client.get(f"{OPS}?overdue=true", headers=callers.ops()).get_json()
    assert on_time["items"] == []
    ctx.now = lambda: datetime(2026, 12, 1, 16, 1, tzinfo=UTC)  # Wednesday 00:01 local
    fresh = submit(client)
    overdue = client.get(f"{OPS}?overdue=true", headers=callers.ops()).get_json()
    assert [a["id"] for a in overdue["items"]] == [late["id"]]
    assert overdue["items"][0]["overdue"] is True
    pending = client.get(f"{OPS}?status=submitted", headers=callers.ops()).get_json()
    assert [a["id"] for a in pending["items"]] == [late["id"], fresh["id"]]
    rejected = client.get(f"{OPS}?status=rejected", headers=callers.ops()).get_json()
    assert [a["id"] for a in rejected["items"]] == [decided["id"]]
    kpis = client.get(f"{BASE}/ops/kpis/merchants", headers=callers.ops()).get_json()
    assert kpis["reviews"] == {"decided": 1, "median_review_hours": 0.0, "pending": 2, "overdue": 1}


def test_queue_pages_with_a_cursor(client):
    ids = [submit(client)["id"] for _ in range(5)]
    first = client.get(f"{OPS}?limit=2", headers=callers.ops()).get_json()
    second = client.get(
        f"{OPS}?limit=2&cursor={first['next_cursor']}", headers=callers.ops()
    ).get_json()
    third = client.get(
        f"{OPS}?limit=2&cursor={second['next_cursor']}", headers=callers.ops()
    ).get_json()
    seen = [a["id"] for page in (first, second, third) for a in page["items"]]
    assert sorted(seen) == sorted(ids) and len(set(seen)) == 5
    assert third["next_cursor"] is None
    bad = client.get(f"{OPS}?cursor=garbage", headers=callers.ops())
    assert bad.status_code == 422 and bad.get_json()["code"] == "validation_failed"


def test_queue_refuses_bad_filters(client):
    assert client.get(f"{OPS}?status=lost", headers=callers.ops()).status_code == 422
    assert client.get(f"{OPS}?limit=500", headers=callers.ops()).status_code == 422


def test_only_ops_may_review(client):
    app = submit(client)
    for headers, status in (
        (callers.member(), 403),
        (callers.merchant("m-x"), 403),
        (anonymous(), 401),
    ):
        resp = client.post(f"{OPS}/{app['id']}/approve", json={}, headers=headers)
        assert resp.status_code == status
        assert client.get(OPS, headers=headers).status_code == status


def test_audit_trail_records_who_when_why(client):
    app = submit(client)
    decide(client, app["id"], "return", "缺少门店照片")
    client.put(
        f"{BASE}/merchant-applications/{app['id']}",
        json=application(credit_code=app["credit_code"]),
        headers={**anonymous(), "X-Application-Secret": app["secret"]},
    )
    merchant_id = approve(client, app["id"])["merchant"]["id"]
    client.post(
        f"{BASE}/ops/merchants/{merchant_id}/suspend",
        json={"reason": "投诉核查"},
        headers=callers.ops("ops-7"),
    )
    trail = client.get(
        f"{BASE}/ops/merchants/{merchant_id}/audit", headers=callers.ops()
    ).get_json()["items"]
    steps = [(t["action"], t["from_state"], t["to_state"]) for t in trail]
    assert steps == [
        ("submit", None, "submitted"),
        ("return", "submitted", "returned"),
        ("resubmit", "returned", "submitted"),
        ("approve", "submitted", "approved"),
        ("request_key_link", None, None),
        ("suspend", "active", "suspended"),
    ]
    assert trail[1]["reason"] == "缺少门店照片" and trail[1]["actor_role"] == "ops"
    assert trail[5]["actor_sub"] == "ops-7" and trail[5]["reason"] == "投诉核查"
    assert all(t["at"].endswith("+00:00") for t in trail)
    detail = client.get(f"{OPS}/{app['id']}", headers=callers.ops()).get_json()
    assert [a["action"] for a in detail["audit"]][:4] == ["submit", "return", "resubmit", "approve"]


def test_kpis_count_active_partners_by_type_against_targets(client):
    approve(client, submit(client)["id"])
    welfare = approve(client, submit(client, partner_type="welfare_partner")["id"])
    client.post(
        f"{BASE}/ops/merchants/{welfare['merchant']['id']}/suspend",
        json={"reason": "x"},
        headers=callers.ops(),
    )
    kpis = client.get(f"{BASE}/ops/kpis/merchants", headers=callers.ops()).get_json()
    assert kpis["partners"] == {
        "discount_partner": {"active": 1, "target": 600},
        "welfare_partner": {"active": 0, "target": 100},
    }
    assert kpis["reviews"]["decided"] == 2


def test_configured_public_holiday_moves_the_deadline(merchant_config):
    app = create_app({**merchant_config, "public_holidays": "2026-11-30,2026-12-01"})
    try:
        app.extensions["mall_context"].now = lambda: datetime(2026, 11, 27, 2, tzinfo=UTC)
        body = submit(app.test_client())
        # Friday; Monday and Tuesday are holidays: Wednesday (1), Thursday (2).
        assert body["review_deadline"] == "2026-12-03T16:00:00+00:00"
    finally:
        app.extensions["mall_infra"].engine.dispose()


def test_resubmission_to_a_taken_code_is_refused_and_changes_nothing(client):
    holder = submit(client)
    approve(client, holder["id"])  # only a merchant holds a code
    taken = holder["credit_code"]
    app = submit(client)
    decide(client, app["id"], "return")
    url = f"{BASE}/merchant-applications/{app['id']}"
    headers = {**anonymous(), "X-Application-Secret": app["secret"]}
    resp = client.put(url, json=application(credit_code=taken), headers=headers)
    assert resp.status_code == 409 and resp.get_json()["code"] == "duplicate_credit_code"
    still = client.get(url, headers=headers).get_json()
    assert still["status"] == "returned" and still["credit_code"] == app["credit_code"]
    fresh = credit_code()
    moved = client.put(url, json=application(credit_code=fresh), headers=headers)
    assert moved.status_code == 200 and moved.get_json()["credit_code"] == fresh
    submit(client, credit_code=app["credit_code"])  # the old code is free to apply with


def test_median_review_time_is_picked_by_the_database(client, ctx):
    start = datetime(2026, 11, 2, 2, tzinfo=UTC)
    for hours in (1, 3, 10, 30):  # median of four: (3 + 10) / 2
        ctx.now = lambda: start
        app = submit(client)
        ctx.now = lambda h=hours: start + timedelta(hours=h)
        assert decide(client, app["id"], "reject").status_code == 200
    kpis = client.get(f"{BASE}/ops/kpis/merchants", headers=callers.ops()).get_json()
    assert kpis["reviews"]["decided"] == 4 and kpis["reviews"]["median_review_hours"] == 6.5
    ctx.now = lambda: start
    app = submit(client)
    ctx.now = lambda: start + timedelta(hours=2)
    decide(client, app["id"], "reject")  # five: the middle one
    kpis = client.get(f"{BASE}/ops/kpis/merchants", headers=callers.ops()).get_json()
    assert kpis["reviews"]["median_review_hours"] == 3.0
