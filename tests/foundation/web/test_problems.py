"""Every refusal is problem+json with a stable code: bad fields or JSON, domain errors, crashes."""

from __future__ import annotations

from tests.support import callers


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


def test_domain_errors_map_to_their_stable_code(client):
    resp = client.post("/api/v1/orders", json={"quantity": 99}, headers=callers.member())
    assert resp.status_code == 409
    assert resp.json["code"] == "sold_out" and resp.json["detail"] == "All gone."


def test_an_unexpected_error_is_a_500_problem_without_internals(client):
    resp = client.post("/api/v1/orders", json={"quantity": 500}, headers=callers.member())
    assert resp.status_code == 500 and resp.json["code"] == "internal_error"
    assert "secret internals" not in resp.get_data(as_text=True)
    assert "Traceback" not in resp.get_data(as_text=True)
