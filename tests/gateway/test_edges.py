"""Request ids through every hop, CORS for the front end, rate limits with Retry-After."""

from __future__ import annotations

from tests.gateway.helpers import api_key, bearer

FRONT_END = "http://localhost:3000"


def test_given_request_id_reaches_the_service_and_comes_back(client, standins):
    resp = client.get("/api/v1/categories", headers={"X-Request-Id": "req-abc.123"})
    assert resp.headers["X-Request-Id"] == "req-abc.123"
    assert standins["catalog"].received[-1]["headers"]["X-Request-Id"] == "req-abc.123"


def test_request_id_is_made_when_missing_and_used_for_the_key_check_too(client, standins):
    resp = client.get("/api/v1/merchant/profile", headers=api_key())
    rid = resp.headers["X-Request-Id"]
    assert len(rid) >= 16
    assert {r["headers"].get("X-Request-Id") for r in standins["merchant"].received} == {rid}


def test_error_responses_carry_the_request_id(client):
    resp = client.get("/api/v1/me/vouchers", headers={"X-Request-Id": "r-401"})
    assert resp.status_code == 401
    assert resp.headers["X-Request-Id"] == "r-401"


def test_cors_preflight_from_the_front_end_is_allowed_without_credentials(client, standins):
    resp = client.options(
        "/api/v1/campaigns/c1/claims",
        headers={
            "Origin": FRONT_END,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Idempotency-Key",
        },
    )
    assert resp.status_code == 200
    assert resp.headers["Access-Control-Allow-Origin"] == FRONT_END
    assert "POST" in resp.headers["Access-Control-Allow-Methods"]
    assert "idempotency-key" in resp.headers["Access-Control-Allow-Headers"].lower()
    assert standins["voucher"].received == []


def test_cors_refuses_an_origin_that_is_not_configured(client):
    resp = client.get("/api/v1/categories", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in resp.headers


def test_cors_exposes_the_request_id_to_the_front_end(client):
    resp = client.get("/api/v1/categories", headers={"Origin": FRONT_END})
    assert resp.headers["Access-Control-Allow-Origin"] == FRONT_END
    assert "X-Request-Id" in resp.headers["Access-Control-Expose-Headers"]


def test_claims_hit_their_stricter_limit_with_429_and_retry_after(make_gateway, standins):
    client = make_gateway(rate_limit_claims="3/minute").test_client()
    statuses = [
        client.post(
            "/api/v1/campaigns/c1/claims", headers=bearer("member", "m-5"), json={}
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    resp = client.post("/api/v1/campaigns/c1/claims", headers=bearer("member", "m-5"), json={})
    assert resp.status_code == 429
    assert resp.mimetype == "application/problem+json"
    assert resp.json["code"] == "rate_limited"
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
    assert standins["voucher"].paths().count("/api/v1/campaigns/c1/claims") == 3
    # another member has a budget of their own; reads are not claims
    other = client.post("/api/v1/campaigns/c1/claims", headers=bearer("member", "m-6"), json={})
    assert other.status_code == 200
    assert client.get("/api/v1/campaigns", headers=bearer("member", "m-5")).status_code == 200


def test_onboarding_is_limited_per_ip(make_gateway, standins):
    client = make_gateway(rate_limit_onboarding="2/hour").test_client()
    first_ip = {"REMOTE_ADDR": "10.0.0.1"}
    codes = [
        client.post("/api/v1/merchant-applications", json={}, environ_base=first_ip).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    other_ip = {"REMOTE_ADDR": "10.0.0.2"}
    resp = client.post("/api/v1/merchant-applications", json={}, environ_base=other_ip)
    assert resp.status_code == 200


def test_each_caller_has_a_general_budget(make_gateway, standins):
    client = make_gateway(rate_limit_caller="5/minute").test_client()
    codes = [client.get("/api/v1/me/vouchers", headers=bearer("member", "m-8")).status_code
             for _ in range(6)]  # fmt: skip
    assert codes == [200] * 5 + [429]
    assert client.get("/api/v1/me/vouchers", headers=bearer("member", "m-9")).status_code == 200


def test_anonymous_callers_share_their_ips_budget(make_gateway, standins):
    client = make_gateway(rate_limit_ip="4/minute").test_client()
    ip = {"REMOTE_ADDR": "10.0.0.3"}
    codes = [client.get("/api/v1/categories", environ_base=ip).status_code for _ in range(5)]
    assert codes == [200] * 4 + [429]
    assert (
        client.get("/api/v1/categories", environ_base={"REMOTE_ADDR": "10.0.0.4"}).status_code
        == 200
    )


def test_bad_credentials_count_against_the_ip(make_gateway, standins):
    client = make_gateway(rate_limit_ip="3/minute").test_client()
    ip = {"REMOTE_ADDR": "10.0.0.5"}
    codes = [
        client.get(
            "/api/v1/merchant/profile", headers=api_key(f"guess-{i}"), environ_base=ip
        ).status_code
        for i in range(4)
    ]
    assert codes == [401, 401, 401, 429]
    key_checks = [r for r in standins["merchant"].received if r["path"].startswith("/internal")]
    assert key_checks == []  # keys of no possible shape are refused at the gateway


def test_members_behind_one_address_each_keep_their_own_budget(make_gateway, standins):
    client = make_gateway(rate_limit_ip="3/minute", rate_limit_caller="3/minute").test_client()
    ip = {"REMOTE_ADDR": "10.0.0.6"}
    codes = [
        client.get(
            "/api/v1/me/vouchers", headers=bearer("member", f"m-{i}"), environ_base=ip
        ).status_code
        for i in range(6)
    ]
    assert codes == [200] * 6


def test_health_endpoints_are_never_limited(make_gateway):
    client = make_gateway(rate_limit_ip="2/minute").test_client()
    assert [client.get("/healthz").status_code for _ in range(4)] == [200] * 4
