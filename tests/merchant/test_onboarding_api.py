"""Public onboarding: submission, validation of every field, duplicates, idempotency, secret."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from services.merchant.adapters.orm import applications, audit_log, credit_code_claims
from tests.merchant.helpers import BASE, anonymous, application, credit_code, submit

URL = f"{BASE}/merchant-applications"


def count_rows(app) -> tuple[int, int, int]:
    infra = app.extensions["mall_infra"]
    with infra.engine.connect() as conn:
        return tuple(
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (applications, credit_code_claims, audit_log)
        )


def test_submission_returns_status_deadline_and_secret_once(client):
    body = submit(client)
    assert body["status"] == "submitted"
    assert body["review_deadline"] > body["submitted_at"]
    assert body["secret"].startswith("as_") and len(body["secret"]) > 30
    assert body["overdue"] is False
    view = client.get(
        f"{URL}/{body['id']}", headers={**anonymous(), "X-Application-Secret": body["secret"]}
    )
    assert view.status_code == 200
    assert view.get_json()["status"] == "submitted"
    assert "secret" not in view.get_json() and "secret_hash" not in view.get_json()


def test_a_secret_in_the_url_is_refused_so_that_no_log_keeps_it(client):
    body = submit(client)
    resp = client.get(f"{URL}/{body['id']}?secret={body['secret']}", headers=anonymous())
    assert resp.status_code == 400 and resp.get_json()["code"] == "secret_in_url"
    assert body["secret"] not in resp.get_data(as_text=True)


def test_wrong_or_missing_secret_reveals_nothing(client):
    body = submit(client)
    for secret in ("as_" + "A" * 32, "as_wrong", body["secret"] + "\t"):  # of its shape, or not
        wrong = client.get(
            f"{URL}/{body['id']}", headers={**anonymous(), "X-Application-Secret": secret}
        )
        assert wrong.status_code == 404 and wrong.get_json()["code"] == "application_not_found"
    missing = client.get(f"{URL}/{body['id']}", headers=anonymous())
    assert missing.status_code == 401
    assert missing.get_json()["code"] == "application_secret_required"
    unknown = client.get(
        f"{URL}/{uuid.uuid4()}", headers={**anonymous(), "X-Application-Secret": body["secret"]}
    )
    assert unknown.status_code == 404


def test_request_without_internal_token_is_refused(client):
    resp = client.post(URL, json=application())
    assert resp.status_code == 401
    assert resp.mimetype == "application/problem+json"


def _bad_code_checksum():
    code = credit_code()
    return code[:-1] + ("0" if code[-1] != "0" else "1")


INVALID = [
    ("credit_code", _bad_code_checksum(), "checksum"),
    ("credit_code", "91460100MA5T0000IG", "alphabet"),
    ("credit_code", "91460100MA5T0000O", "18"),
    ("credit_code", 914601001234567890, "string"),
    ("region", "110000", "Hainan"),
    ("region", 460100, "string"),
    ("contact_mobile", "12345678901", "mobile"),
    ("contact_mobile", "1387654321", "mobile"),
    ("contact_mobile", "13876543210\n", "mobile"),  # `$` matches before a final newline
    ("contact_mobile", 13876543210, "string"),
    ("legal_name", "x" * 101, "Length"),
    ("legal_name", "   ", "Length"),
    ("legal_name", None, "null"),
    ("contact_name", "y" * 51, "Length"),
    ("partner_type", "reseller", "one of"),
    ("categories", ["groceries", "weapons"], "one of"),
    ("categories", [], "Length"),
    ("categories", ["dining", "dining"], "repeat"),
    ("categories", "dining", "list"),
    ("discount_percent", 0, "greater"),
    ("discount_percent", 95, "less"),
    ("discount_percent", "15", "integer"),
    ("discount_percent", 15.5, "integer"),
    ("description", "z" * 501, "Length"),
    ("stores", [], "Length"),
    ("stores", [{"name": "店", "address": "地址", "region": "999999"}], "Hainan"),
    ("stores", [{"name": "店", "address": "a" * 201, "region": "460100"}], "Length"),
    ("stores", [{"name": "店", "address": "地址", "region": "460100", "phone": "1"}], "Unknown"),
    ("stores", [{"name": "店", "address": "地址", "region": "460100", "latitude": 91}], "less"),
]


def test_each_invalid_field_gets_a_clear_error_and_stores_nothing(app, client):
    # One app for all cases: a fresh PostgreSQL database per case would dominate the run.
    submit(client)  # something stored already, so "nothing changed" is a real check
    before = count_rows(app)
    for field, value, hint in INVALID:
        case = f"{field}={value!r}"
        resp = client.post(URL, json=application(**{field: value}), headers=anonymous())
        assert resp.status_code == 422, case
        problem = resp.get_json()
        assert resp.mimetype == "application/problem+json", case
        assert problem["code"] == "validation_failed", case
        assert field in problem["errors"], (case, problem)
        assert hint.lower() in str(problem["errors"][field]).lower(), (case, problem["errors"])
        assert count_rows(app) == before, case


def test_unknown_and_missing_fields_are_named(app, client):
    body = application(owner="me")
    del body["contact_mobile"]
    resp = client.post(URL, json=body, headers=anonymous())
    assert resp.status_code == 422
    errors = resp.get_json()["errors"]
    assert errors["owner"] == ["Unknown field."]
    assert "contact_mobile" in errors
    assert count_rows(app) == (0, 0, 0)


def test_body_that_is_not_json_is_refused(app, client):
    resp = client.post(
        URL, data="legal_name=x", headers={**anonymous(), "Content-Type": "text/plain"}
    )
    # not read as JSON at all, so the required fields are missing
    assert (resp.status_code, resp.get_json()["code"]) == (422, "validation_failed")
    assert resp.mimetype == "application/problem+json"
    broken = client.post(
        URL, data="{not json", headers={**anonymous(), "Content-Type": "application/json"}
    )
    assert (broken.status_code, broken.get_json()["code"]) == (400, "invalid_json")
    assert count_rows(app) == (0, 0, 0)


def test_lower_case_code_is_normalised(client):
    code = credit_code()
    body = submit(client, credit_code=code.lower())
    assert body["credit_code"] == code


def test_a_waiting_application_does_not_block_its_code(app, client):
    """Whoever applies first with a company's public code cannot lock the company out."""
    code = credit_code()
    first = submit(client, credit_code=code)
    second = submit(client, credit_code=code, legal_name="真正的公司有限公司")
    assert first["id"] != second["id"] and second["status"] == "submitted"
    assert count_rows(app)[:2] == (2, 0)  # nobody holds the code until an approval


def test_idempotency_key_replays_the_first_answer(app, client):
    key = str(uuid.uuid4())
    body = application()
    headers = {**anonymous(), "Idempotency-Key": key}
    first = client.post(URL, json=body, headers=headers)
    again = client.post(URL, json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    # An anonymous caller is known only by its address: the replay leaves the secret out.
    assert "secret" in first.get_json() and "secret" not in again.get_json()
    assert again.get_json() == {k: v for k, v in first.get_json().items() if k != "secret"}
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert count_rows(app)[0] == 1
    other = client.post(URL, json=application(), headers=headers)
    assert other.status_code == 422 and other.get_json()["code"] == "idempotency_key_reused"


def test_a_replayable_answer_keeps_no_secret_in_redis(app, client):
    key = f"idem-{uuid.uuid4()}"
    headers = {**anonymous(), "Idempotency-Key": key}
    body = application()
    first = client.post(URL, json=body, headers=headers)
    secret = first.get_json()["secret"]
    redis = app.extensions["mall_redis"]
    for name in redis.scan_iter("*"):
        assert key.encode() not in name
        value = redis.get(name) if redis.type(name) == b"string" else b""
        assert secret.encode() not in value and key.encode() not in value
    again = client.post(URL, json=body, headers=headers)
    assert again.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]
    assert "secret" not in again.get_json()


def test_an_anonymous_replay_never_hands_the_secret_to_a_neighbour(app, client):
    """Two applicants behind one carrier NAT: the second never sees the first one's secret."""
    key = f"idem-{uuid.uuid4()}"
    body = application()
    nat = {**anonymous(), "Idempotency-Key": key, "X-Forwarded-For": "100.64.0.9"}
    first = client.post(URL, json=body, headers=nat)
    replay = client.post(URL, json=body, headers=nat)
    assert first.status_code == replay.status_code == 201
    assert replay.headers.get("Idempotent-Replayed") == "true"
    assert first.get_json()["secret"] not in replay.get_data(as_text=True)
    assert count_rows(app)[0] == 1


def test_response_carries_request_id(client):
    resp = client.post(
        URL, json=application(), headers={**anonymous(), "X-Request-Id": "req-merchant-1"}
    )
    assert resp.headers["X-Request-Id"] == "req-merchant-1"


def test_a_nul_character_is_refused_not_a_500(app, client):
    """PostgreSQL text cannot hold NUL: found by `make fuzz` as a 500 on this path."""
    before = count_rows(app)
    form = application(contact_name="张\u0000三")
    resp = client.post(URL, json=form, headers=anonymous())
    assert resp.status_code == 422 and resp.get_json()["code"] == "validation_failed"
    assert "json" in resp.get_json()["errors"]
    store = {**form["stores"][0], "address": "海口\u0000"}
    resp = client.post(URL, json={**form, "contact_name": "张三", "stores": [store]},
                       headers=anonymous())  # fmt: skip
    assert resp.status_code == 422
    assert count_rows(app) == before
    literal = client.post(URL, json=application(description="a \\u0000 b"), headers=anonymous())
    assert literal.status_code == 201  # a backslash and "u0000" are text like any other
    queue = client.get(f"{BASE}/merchants?region=%00", headers=anonymous())
    assert queue.status_code == 422 and queue.get_json()["errors"] == {
        "query": ["Contains a NUL character."]
    }
