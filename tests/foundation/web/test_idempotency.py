"""An Idempotency-Key replays the first answer to its caller; fixable refusals are not kept."""

from __future__ import annotations

import hashlib
import json

from shared.config import DEV_INTERNAL_SECRET
from shared.idempotency import IdempotencyStore, StoredResult
from tests.foundation.web.standin import calls, known_partners
from tests.support import callers


def test_idempotency_key_replays_the_first_result_and_refuses_another_body(client):
    headers = {**callers.member("m1"), "Idempotency-Key": "order-1"}
    first = client.post("/api/v1/orders", json={"quantity": 2}, headers=headers)
    again = client.post("/api/v1/orders", json={"quantity": 2}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert calls == [2]
    other = client.post("/api/v1/orders", json={"quantity": 3}, headers=headers)
    assert other.status_code == 422 and other.json["code"] == "idempotency_key_reused"
    # Another member's identical key is a different request.
    theirs = client.post(
        "/api/v1/orders",
        json={"quantity": 2},
        headers={**callers.member("m2"), "Idempotency-Key": "order-1"},
    )
    assert theirs.status_code == 201 and calls == [2, 2]


def test_a_key_still_in_flight_is_a_409(client, redis_client):
    store = IdempotencyStore(redis_client, "web", DEV_INTERNAL_SECRET)

    body = b'{"quantity": 4}'
    store.begin("POST:/api/v1/orders:member:m1", "k-busy", hashlib.sha256(body).hexdigest())
    resp = client.post(
        "/api/v1/orders",
        data=body,
        content_type="application/json",
        headers={**callers.member("m1"), "Idempotency-Key": "k-busy"},
    )
    assert resp.status_code == 409 and resp.json["code"] == "idempotency_in_flight"
    assert calls == []


def test_an_anonymous_replay_goes_only_to_the_same_client_address(client):
    def signup(ip):
        return client.post(
            "/api/v1/signups",
            json={"quantity": 1},
            headers={**callers.anonymous(), "Idempotency-Key": "k", "X-Forwarded-For": ip},
        )

    first = signup("203.0.113.7")
    again = signup("203.0.113.7")
    elsewhere = signup("198.51.100.9")
    assert first.status_code == again.status_code == elsewhere.status_code == 201
    assert again.json["id"] == first.json["id"]  # the same address gets the answer back ...
    # ... without its one-time secret: that address may be a NAT shared with strangers
    assert "secret" not in again.json and again.headers["Idempotent-Replayed"] == "true"
    assert elsewhere.json["secret"] != first.json["secret"]


def test_a_signed_in_caller_gets_its_own_secret_back_on_replay(client):
    headers = {**callers.member("m7"), "Idempotency-Key": "k-member"}
    first = client.post("/api/v1/signups", json={"quantity": 1}, headers=headers)
    again = client.post("/api/v1/signups", json={"quantity": 1}, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true" and again.json == first.json


def test_a_refusal_a_retry_could_fix_is_not_sealed_under_the_key(client):
    headers = {**callers.member("m1"), "Idempotency-Key": "order-77"}
    refused = client.post("/api/v1/orders", json={"quantity": 77}, headers=headers)
    assert refused.status_code == 403 and refused.json["code"] == "not_yet"
    known_partners.add(77)  # the approval arrives
    retried = client.post("/api/v1/orders", json={"quantity": 77}, headers=headers)
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried.headers
    again = client.post("/api/v1/orders", json={"quantity": 77}, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true" and calls == [77, 77]
    # a final refusal is sealed: the same key replays it without running the view again
    sold = {**callers.member("m1"), "Idempotency-Key": "order-99"}
    assert client.post("/api/v1/orders", json={"quantity": 99}, headers=sold).status_code == 409
    replay = client.post("/api/v1/orders", json={"quantity": 99}, headers=sold)
    assert replay.headers["Idempotent-Replayed"] == "true" and calls.count(99) == 1


def test_a_stored_answer_that_cannot_be_opened_is_handled_afresh(redis_client):
    store = IdempotencyStore(redis_client, "web", "secret-for-this-test-0123456789ab")
    scope = "POST:/x:member:m1"
    assert store.begin(scope, "k-seal", "fp") is None
    store.finish(scope, "k-seal", "fp", StoredResult(201, '{"a": 1}', "x/y"))
    assert store.begin(scope, "k-seal", "fp") == StoredResult(201, '{"a": 1}', "x/y")
    damaged = {"state": "done", "fp": "fp", "answer": "not-a-fernet-token"}
    redis_client.set(store.key(scope, "k-seal"), json.dumps(damaged))
    assert store.begin(scope, "k-seal", "fp") is None  # not a replay, not a 500
