"""Ops re-issue a key through a one-time link to the merchant's contact; ops never see the key."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from services.merchant.adapters.orm import api_keys, audit_log, contact_messages, key_links
from services.merchant.domain import credentials
from tests.merchant.helpers import BASE, anonymous, approved_merchant, at_once, verify
from tests.merchant.key_link_helpers import sent_link_token, sent_messages
from tests.support import callers

RETRIEVE = f"{BASE}/merchant-key-retrievals"


def _ask(client, mid: str, ops: str = "ops-7"):
    return client.post(f"{BASE}/ops/merchants/{mid}/api-keys", headers=callers.ops(ops))


def _retrieve(client, token: str):
    return client.post(RETRIEVE, json={"token": token}, headers=anonymous())


def test_ops_get_a_receipt_and_the_contact_gets_the_key_once(client):
    mid, old_key = approved_merchant(client, contact_mobile="13876543210")
    asked = _ask(client, mid)
    assert asked.status_code == 202, asked.get_json()
    receipt = asked.get_json()
    assert set(receipt) == {"id", "merchant_id", "sent_to", "expires_at"}
    assert receipt["sent_to"] == "138****3210"
    assert verify(client, old_key).status_code == 200  # nothing changes until the contact acts
    _, message = sent_messages(client, mid)  # the approval's, spent, then this one
    assert message["recipient"] == "13876543210" and "#kl_" in message["body"]
    token = sent_link_token(client, mid)
    assert token not in asked.get_data(as_text=True)

    got = _retrieve(client, token)
    assert got.status_code == 201, got.get_json()
    new_key = got.get_json()["api_key"]
    assert got.get_json()["merchant_id"] == mid and new_key.startswith("mk_live_")
    assert verify(client, new_key).status_code == 200
    assert verify(client, old_key).get_json()["code"] == "invalid_api_key"
    again = _retrieve(client, token)  # shown once
    assert again.status_code == 404 and again.get_json()["code"] == "key_link_invalid"
    assert verify(client, new_key).status_code == 200  # the second try changed nothing


def test_the_audit_trail_names_the_ops_user(client):
    mid, _ = approved_merchant(client)
    _ask(client, mid, ops="ops-wang")
    _retrieve(client, sent_link_token(client, mid))
    trail = client.get(f"{BASE}/ops/merchants/{mid}/audit", headers=callers.ops()).get_json()
    entries = trail["items"]
    asked = [e for e in entries if e["action"] == "request_key_link"]
    assert asked and asked[-1]["actor_role"] == "ops" and asked[-1]["actor_sub"] == "ops-wang"
    rotated = [e for e in entries if e["action"] == "rotate_key"][-1]
    assert rotated["actor_role"] == "merchant_contact" and "ops-wang" in rotated["reason"]


def test_nothing_secret_is_stored_in_plain_text(app, client):
    mid, _ = approved_merchant(client)
    _ask(client, mid)
    token = sent_link_token(client, mid)
    with app.extensions["mall_infra"].session_factory() as s:
        stored = [str(v) for row in s.execute(select(key_links)) for v in row]
        stored += [str(v) for row in s.execute(select(contact_messages)) for v in row]
    assert all(token not in v and token[3:] not in v for v in stored)


def test_a_link_expires_and_a_newer_one_replaces_it(client, ctx):
    mid, old_key = approved_merchant(client)
    _ask(client, mid)
    first = sent_link_token(client, mid)
    _ask(client, mid)
    second = sent_link_token(client, mid)
    assert first != second
    assert _retrieve(client, first).status_code == 404  # replaced
    real_now = ctx.now
    try:
        ctx.now = lambda: real_now() + timedelta(hours=ctx.settings.key_link_ttl_hours, seconds=1)
        assert _retrieve(client, second).status_code == 404  # expired
    finally:
        ctx.now = real_now
    assert verify(client, old_key).status_code == 200
    assert _retrieve(client, "kl_made-up").status_code == 404


def test_a_suspended_merchant_gets_no_link(client):
    mid, _ = approved_merchant(client)
    client.post(
        f"{BASE}/ops/merchants/{mid}/suspend", json={"reason": "核查"}, headers=callers.ops()
    )
    resp = _ask(client, mid)
    assert resp.status_code == 403 and resp.get_json()["code"] == "merchant_suspended"
    assert len(sent_messages(client, mid)) == 1  # the approval's only


def test_a_suspension_retires_the_link_sent_before_it(client):
    mid, old_key = approved_merchant(client)
    _ask(client, mid)
    token = sent_link_token(client, mid)
    for action in ("suspend", "reinstate"):
        resp = client.post(
            f"{BASE}/ops/merchants/{mid}/{action}", json={"reason": "核查"}, headers=callers.ops()
        )
        assert resp.status_code == 200, resp.get_json()
    got = _retrieve(client, token)
    assert got.status_code == 404 and got.get_json()["code"] == "key_link_invalid"
    assert verify(client, old_key).status_code == 200  # the key it held works again
    assert _ask(client, mid).status_code == 202  # ops send a new link when they want one
    assert _retrieve(client, sent_link_token(client, mid)).status_code == 201


def test_two_simultaneous_retrievals_issue_one_key(app, client):
    mid, _ = approved_merchant(client)
    _ask(client, mid)
    token = sent_link_token(client, mid)
    statuses = at_once(app, {f"retrieve-{i}": lambda c: _retrieve(c, token) for i in range(3)})
    assert sorted(statuses.values()) == [201, 404, 404]


def test_a_retrieval_racing_a_reissue_neither_deadlocks_nor_spends_a_replaced_link(app, client):
    # Both lock the merchant's row and the link's; in opposite orders they deadlocked on
    # PostgreSQL (a 503 for one of them).
    mid, _ = approved_merchant(client)
    settings = app.extensions["mall_context"].settings
    ttl = timedelta(hours=settings.key_link_ttl_hours)
    session_factory = app.extensions["mall_infra"].session_factory
    for _ in range(20):
        _ask(client, mid)
        token = sent_link_token(client, mid)
        statuses = at_once(
            app,
            {"retrieve": lambda c, t=token: _retrieve(c, t), "reissue": lambda c: _ask(c, mid)},
        )
        with session_factory() as s:
            token_hash = credentials.digest(settings.api_key_pepper, token)
            link = s.execute(select(key_links).where(key_links.c.token_hash == token_hash)).one()
            handed_out = s.scalar(
                select(func.count())
                .select_from(audit_log)
                .where(audit_log.c.actor_role == "merchant_contact")
                .where(audit_log.c.reason.contains(link.id))
            )
            active = s.scalar(
                select(func.count())
                .select_from(api_keys)
                .where(api_keys.c.merchant_id == mid, api_keys.c.revoked_at.is_(None))
            )
        used = link.used_at is not None
        retired = link.expires_at < link.requested_at + ttl
        assert statuses == {"reissue": 202, "retrieve": 201 if used else 404}
        assert used != retired  # spent once, or replaced by the re-issue's link: never both
        assert handed_out == (1 if used else 0) and active == 1
