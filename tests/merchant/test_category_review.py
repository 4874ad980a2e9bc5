"""A merchant's categories change only through ops review, and only then do consumers hear it."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select

from services.merchant.adapters.orm import category_changes, messaging
from tests.merchant.helpers import BASE, approve, approved_merchant, at_once, submit
from tests.support import callers

PROFILE = f"{BASE}/merchant/profile"
CHANGES = f"{BASE}/ops/category-changes"
OPS = callers.ops("ops-li")


def _events(app) -> list[tuple[str, list]]:
    """(type, categories) of the merchant events staged in the outbox, in order."""
    outbox = messaging.outbox
    with app.extensions["mall_infra"].engine.connect() as conn:
        rows = conn.execute(select(outbox.c.event_type, outbox.c.payload).order_by(outbox.c.id))
        return [(r.event_type, json.loads(r.payload)["data"].get("categories")) for r in rows]


def _ask(client, mid: str, categories: list[str]):
    resp = client.patch(PROFILE, json={"categories": categories}, headers=callers.merchant(mid))
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def _pending(client) -> list[dict]:
    resp = client.get(CHANGES, headers=callers.ops())
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()["items"]


def test_a_merchant_only_asks_and_nothing_changes_until_ops_approve(app, client):
    mid, _ = approved_merchant(client, categories=["dining", "restaurants"])
    before = _events(app)
    asked = _ask(client, mid, ["groceries"])
    assert asked["categories"] == ["dining", "restaurants"]
    assert asked["pending_categories"] == ["groceries"]
    assert _events(app) == before  # the voucher and catalog copies hear nothing yet
    [change] = _pending(client)
    assert change["merchant_id"] == mid and change["categories"] == ["groceries"]
    assert change["current_categories"] == ["dining", "restaurants"]

    ops = callers.ops("ops-li")
    done = client.post(f"{CHANGES}/{change['id']}/approve", json={}, headers=ops)
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["status"] == "approved" and done.get_json()["decided_by"] == "ops-li"
    profile = client.get(PROFILE, headers=callers.merchant(mid)).get_json()
    assert profile["categories"] == ["groceries"] and profile["pending_categories"] is None
    assert _events(app)[-1] == ("merchant.updated", ["groceries"])
    trail = client.get(f"{BASE}/ops/merchants/{mid}/audit", headers=ops).get_json()
    actions = [(e["action"], e["actor_sub"]) for e in trail["items"]]
    assert ("request_categories", mid) in actions and ("approve_categories", "ops-li") in actions
    again = client.post(f"{CHANGES}/{change['id']}/approve", json={}, headers=ops)
    assert again.status_code == 409 and again.get_json()["code"] == "invalid_state"


def test_a_rejected_request_leaves_the_categories_as_approved(app, client):
    mid, _ = approved_merchant(client, categories=["dining"])
    _ask(client, mid, ["groceries", "dining"])
    _ask(client, mid, ["groceries"])  # a second request replaces the first
    [change] = _pending(client)
    assert change["categories"] == ["groceries"]
    before = _events(app)
    no_reason = client.post(f"{CHANGES}/{change['id']}/reject", json={}, headers=callers.ops())
    assert no_reason.status_code == 422
    resp = client.post(
        f"{CHANGES}/{change['id']}/reject", json={"reason": "不符合经营范围"}, headers=callers.ops()
    )
    assert resp.status_code == 200 and resp.get_json()["status"] == "rejected"
    profile = client.get(PROFILE, headers=callers.merchant(mid)).get_json()
    assert profile["categories"] == ["dining"] and profile["pending_categories"] is None
    assert _events(app) == before
    assert _pending(client) == []
    rejected = client.get(f"{CHANGES}?status=rejected", headers=callers.ops()).get_json()
    assert [c["reason"] for c in rejected["items"]] == ["不符合经营范围"]


def test_only_ops_review_and_a_merchant_cannot_approve_its_own(client):
    mid, _ = approved_merchant(client, categories=["dining"])
    _ask(client, mid, ["groceries"])
    [change] = _pending(client)
    mine = callers.merchant(mid)
    assert client.get(CHANGES, headers=mine).status_code == 403
    assert (
        client.post(f"{CHANGES}/{change['id']}/approve", json={}, headers=mine).status_code == 403
    )
    missing = client.post(f"{CHANGES}/{uuid.uuid4()}/approve", json={}, headers=callers.ops())
    assert missing.status_code == 404 and missing.get_json()["code"] == "category_change_not_found"
    not_an_id = client.post(f"{CHANGES}/nope/approve", json={}, headers=callers.ops())
    assert not_an_id.status_code == 404 and not_an_id.get_json()["code"] == "not_found"


def test_an_approval_racing_a_new_request_neither_deadlocks_nor_loses_either(app, client):
    # An approval locked the request, then the merchant; a new request locks the merchant, then
    # replaces the waiting request: in those opposite orders they deadlocked on PostgreSQL.
    session_factory = app.extensions["mall_infra"].session_factory
    for _ in range(20):
        mid = approve(client, submit(client, categories=["dining"])["id"])["merchant"]["id"]
        _ask(client, mid, ["groceries"])
        with session_factory() as s:
            change_id = s.scalar(
                select(category_changes.c.id).where(category_changes.c.merchant_id == mid)
            )
        answers: dict = {}

        def decide(c, answers=answers, change_id=change_id):
            answers["approve"] = c.post(f"{CHANGES}/{change_id}/approve", json={}, headers=OPS)
            return answers["approve"]

        statuses = at_once(
            app,
            {
                "approve": decide,
                "ask": lambda c, m=mid: c.patch(
                    PROFILE, json={"categories": ["restaurants"]}, headers=callers.merchant(m)
                ),
            },
        )
        assert statuses == {"approve": 200, "ask": 200}
        approved = answers["approve"].get_json()["categories"]
        profile = client.get(PROFILE, headers=callers.merchant(mid)).get_json()
        # The approval came first (the new request waits for ops) or decided the replaced one.
        expected = {("groceries",): ["restaurants"], ("restaurants",): None}
        assert tuple(approved) in expected
        assert profile["categories"] == approved
        assert profile["pending_categories"] == expected[tuple(approved)]
        assert _events(app)[-1] == ("merchant.updated", approved)
