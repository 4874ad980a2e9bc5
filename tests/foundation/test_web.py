"""The Flask wiring every service shares: problems, request ids, auth, health, idempotency."""

from __future__ import annotations

import hashlib
import json
import time
import uuid

import jwt
import pytest
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from shared.bootstrap import build_infra
from shared.config import DEV_INTERNAL_SECRET, InsecureSettings, Settings
from shared.errors import Conflict, Forbidden
from shared.idempotency import IdempotencyStore, StoredResult
from shared.principal import ISSUER
from shared.web.app import create_base_app, register_ops_blueprints
from shared.web.auth import require_role
from shared.web.idempotency import idempotent
from tests.foundation.conftest import messaging, metadata
from tests.support import callers


class SoldOut(Conflict):
    """Nothing left."""


class OrderIn(Schema):
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    note = fields.String(validate=validate.Length(max=10))


class SignupOut(Schema):
    id = fields.String()
    secret = fields.String()


class NotYet(Forbidden):
    """The partner is not known here yet."""

    retryable = True


known_partners: set[int] = set()


calls: list[int] = []


def make_app(service_config, extra=None):
    settings = Settings.from_mapping("web", {**service_config, **(extra or {})})

    infra = build_infra(settings, messaging)
    metadata.create_all(infra.engine)
    app, api = create_base_app(
        settings,
        title="Test",
        error_table={SoldOut: (409, "sold_out"), NotYet: (403, "not_yet")},
        checks=infra.checks(),
        redis=infra.redis,
    )
    app.extensions["mall_infra"] = infra
    blp = Blueprint("orders", __name__, url_prefix="/api/v1/orders")

    @blp.route("")
    class Orders(MethodView):
        @idempotent
        @require_role("member")
        @blp.arguments(OrderIn)
        @blp.response(201, OrderIn)
        def post(self, order):
            """Place an order."""
            calls.append(order["quantity"])
            if order["quantity"] == 99:
                raise SoldOut("All gone.")
            if order["quantity"] == 500:
                raise RuntimeError("secret internals")
            if order["quantity"] == 77 and 77 not in known_partners:
                raise NotYet("Not known yet.")
            return order

    signups = Blueprint("signups", __name__, url_prefix="/api/v1/signups")

    @signups.route("")
    class Signups(MethodView):
        @idempotent(one_time=("secret",))
        @require_role("anonymous", "member")
        @signups.arguments(OrderIn)
        @signups.response(201, SignupOut)
        def post(self, order):
            """Sign up; the answer holds a one-time secret."""
            return {"id": uuid.uuid4().hex, "secret": uuid.uuid4().hex}

    api.register_blueprint(blp)
    api.register_blueprint(signups)
    register_ops_blueprints(api)
    return app


@pytest.fixture
def client(service_config):
    calls.clear()
    known_partners.clear()
    return make_app(service_config).test_client()


def test_a_request_without_the_internal_token_is_refused(client):
    resp = client.post("/api/v1/orders", json={"quantity": 1})
    assert resp.status_code == 401
    assert resp.mimetype == "application/problem+json"
    assert resp.json["code"] == "unauthenticated"


MUTATIONS = [
    "expired",
    "wrong_secret",
    "none_alg",
    "wrong_audience",
    "other_service",
    "other_path",
    "other_method",
    "unbound",
    "issued_in_the_future",
]


@pytest.mark.parametrize("mutate", MUTATIONS)
def test_forged_stale_or_misdirected_internal_tokens_are_refused(client, mutate):
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": "mall-web",
        "mth": "POST",
        "pth": "/api/v1/orders",
        "iat": now,
        "exp": now + 30,
        "role": "member",
        "sub": "m1",
    }
    secret = DEV_INTERNAL_SECRET
    if mutate == "expired":
        claims.update(iat=now - 120, exp=now - 3)  # beyond the allowed clock skew
    if mutate == "wrong_secret":
        secret = "x" * 40
    if mutate == "wrong_audience":
        claims["aud"] = "someone-else"
    if mutate == "other_service":  # a token the gateway signed for the voucher service
        claims["aud"] = "mall-voucher"
    if mutate == "other_path":  # seen on a read, replayed against a write
        claims["pth"] = "/api/v1/signups"
    if mutate == "other_method":
        claims["mth"] = "GET"
    if mutate == "unbound":
        del claims["mth"], claims["pth"]
    if mutate == "issued_in_the_future":
        claims["iat"] = now + 10
    token = (
        jwt.encode(claims, None, algorithm="none")
        if mutate == "none_alg"
        else jwt.encode(claims, secret, algorithm="HS256")
    )
    resp = client.post("/api/v1/orders", json={"quantity": 1}, headers={"X-Internal-Token": token})
    assert resp.status_code == 401 and resp.json["code"] == "unauthenticated"
    assert calls == []


def test_an_internal_token_bound_to_this_request_passes_within_the_clock_skew(client):
    claims = {
        "iss": ISSUER,
        "aud": "mall-web",
        "mth": "POST",
        "pth": "/api/v1/orders",
        "role": "member",
        "sub": "m1",
    }
    # (iat, exp) relative to now: fresh, issued a second ahead, expiring this very second
    for iat, exp in [(0, 30), (1, 30), (-30, 0)]:
        now = int(time.time())
        token = jwt.encode(
            {**claims, "iat": now + iat, "exp": now + exp}, DEV_INTERNAL_SECRET, "HS256"
        )
        resp = client.post(
            "/api/v1/orders", json={"quantity": 1}, headers={"X-Internal-Token": token}
        )
        assert resp.status_code == 201, (iat, exp, resp.json)


def test_roles_are_enforced(client):
    resp = client.post("/api/v1/orders", json={"quantity": 1}, headers=callers.merchant("x"))
    assert resp.status_code == 403 and resp.json["code"] == "forbidden"
    resp = client.post("/api/v1/orders", json={"quantity": 1}, headers=callers.anonymous())
    assert resp.status_code == 401


def test_validation_errors_list_every_bad_field(client):
    resp = client.post(
        "/api/v1/orders",
        json={"quantity": "3", "note": "x" * 11, "extra": 1},
        headers=callers.member(),
    )
    assert resp.status_code == 422
    body = resp.json
    assert body["code"] == "validation_failed"
    assert set(body["errors"]) == {"quantity", "note", "extra"}
    assert body["type"].endswith("validation_failed") and body["status"] == 422


def test_broken_json_and_unknown_routes_are_problems_too(client):
    resp = client.post(
        "/api/v1/orders", data="{oops", content_type="application/json", headers=callers.member()
    )
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json"
    resp = client.get("/nowhere", headers=callers.member())
    assert resp.status_code == 404 and resp.json["code"] == "not_found"
    resp = client.delete("/api/v1/orders", headers=callers.member())
    assert resp.status_code == 405 and resp.json["code"] == "method_not_allowed"


def test_domain_errors_map_to_their_stable_code(client):
    resp = client.post("/api/v1/orders", json={"quantity": 99}, headers=callers.member())
    assert resp.status_code == 409
    assert resp.json["code"] == "sold_out" and resp.json["detail"] == "All gone."


def test_an_unexpected_error_is_a_500_problem_without_internals(client):
    resp = client.post("/api/v1/orders", json={"quantity": 500}, headers=callers.member())
    assert resp.status_code == 500 and resp.json["code"] == "internal_error"
    assert "secret internals" not in resp.get_data(as_text=True)
    assert "Traceback" not in resp.get_data(as_text=True)


def test_request_ids_are_kept_or_made(client):
    resp = client.get("/healthz", headers={"X-Request-Id": "abc-123"})
    assert resp.headers["X-Request-Id"] == "abc-123"
    made = client.get("/healthz").headers["X-Request-Id"]
    assert len(made) == 32
    assert (
        client.get("/healthz", headers={"X-Request-Id": "bad id with spaces"}).headers[
            "X-Request-Id"
        ]
        != "bad id with spaces"
    )


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


def test_readiness_fails_when_a_dependency_is_down(service_config):
    ok = make_app(service_config).test_client().get("/readyz")
    assert ok.status_code == 200 and ok.json["checks"] == {
        "database": "ok",
        "redis": "ok",
        "kafka": "ok",
    }
    down = make_app(
        service_config, {"redis_url": "redis://127.0.0.1:1/0", "kafka_bootstrap": "127.0.0.1:1"}
    ).test_client()
    resp = down.get("/readyz")
    assert resp.status_code == 503 and resp.json["code"] == "not_ready"
    assert resp.json["checks"]["redis"].startswith("failed")
    assert resp.json["checks"]["kafka"].startswith("failed")
    assert resp.json["checks"]["database"] == "ok"
    assert down.get("/healthz").status_code == 200


def test_metrics_expose_request_latency(client):
    client.get("/healthz")
    text = client.get("/metrics").get_data(as_text=True)
    assert "http_request_duration_seconds_bucket" in text
    assert 'service="web"' in text


def test_production_refuses_published_secrets(monkeypatch):
    monkeypatch.setenv("MALL_ENV", "production")
    with pytest.raises(InsecureSettings, match="internal_secret"):
        Settings.from_mapping("web", {})
    with pytest.raises(InsecureSettings, match="internal_secret"):
        Settings.from_mapping("web", {"internal_secret": "example-change-me-please"})
    vault = "s3cret-from-vault-0123456789abcdef"  # 34 bytes
    assert Settings.from_mapping("web", {"internal_secret": vault}).service == "web"


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


def test_json_nested_too_deep_is_invalid_json_not_a_500(client):
    for body in ("[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000):
        resp = client.post(
            "/api/v1/orders", data=body, content_type="application/json", headers=callers.member()
        )
        assert resp.status_code == 400 and resp.json["code"] == "invalid_json", resp.json
    broken = client.post(
        "/api/v1/orders", data="{oops", content_type="application/json", headers=callers.member()
    )
    assert broken.status_code == 400 and broken.json["code"] == "invalid_json"
    wide = {"quantity": 1, "note": "[" * 300}  # many brackets, all inside a string: fine
    resp = client.post("/api/v1/orders", json=wide, headers=callers.member())
    assert resp.status_code == 422 and "note" in resp.json["errors"]


def test_made_up_methods_share_one_metrics_label(client):
    for method in ("FOO", "BAR", "XYZZY"):
        assert client.open("/api/v1/orders", method=method).status_code in (401, 405)
    text = client.get("/metrics").get_data(as_text=True)
    assert 'method="other"' in text
    assert not any(f'method="{m}"' in text for m in ("FOO", "BAR", "XYZZY"))
