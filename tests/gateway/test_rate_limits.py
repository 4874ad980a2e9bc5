"""Limits are counted in Redis (shared by every gateway process) and fail open on an outage."""

from __future__ import annotations

from services.gateway.ratelimit import address_block
from tests.gateway.helpers import bearer

FRONT_END = "http://localhost:3000"


def test_every_gateway_process_draws_on_the_same_budget(make_gateway, standins):
    first = make_gateway(rate_limit_ip="3/minute").test_client()
    second = make_gateway(rate_limit_ip="3/minute").test_client()
    ip = {"REMOTE_ADDR": "10.0.1.1"}
    codes = [
        client.get("/api/v1/categories", environ_base=ip).status_code
        for client in (first, second, first, second)
    ]
    assert codes == [200, 200, 200, 429]


def test_verified_callers_behind_one_address_share_its_loose_budget(make_gateway, standins):
    client = make_gateway(rate_limit_ip_verified="3/minute").test_client()
    nat, elsewhere = {"REMOTE_ADDR": "10.0.2.1"}, {"REMOTE_ADDR": "10.0.2.2"}
    codes = [
        client.get("/api/v1/me/vouchers", headers=bearer("member", m), environ_base=nat).status_code
        for m in ("m-31", "m-32", "m-33", "m-34")
    ]
    assert codes == [200, 200, 200, 429]  # each member far under its own budget
    other = client.get(
        "/api/v1/me/vouchers", headers=bearer("member", "m-34"), environ_base=elsewhere
    )
    assert other.status_code == 200


def test_a_spent_budget_is_refused_without_asking_redis_again(make_gateway, standins, redis_client):
    client = make_gateway(rate_limit_ip="2/minute").test_client()
    flood = {"REMOTE_ADDR": "10.0.3.1"}

    def counted() -> int:
        return sum(int(redis_client.get(k)) for k in redis_client.scan_iter("gateway:limits*"))

    codes = [client.get("/api/v1/categories", environ_base=flood).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    before = counted()
    for _ in range(20):
        resp = client.get("/api/v1/categories", environ_base=flood)
        assert resp.status_code == 429 and 50 <= int(resp.headers["Retry-After"]) <= 60
    assert counted() == before
    assert (
        client.get("/api/v1/categories", environ_base={"REMOTE_ADDR": "10.0.3.2"}).status_code
        == 200
    )


def test_a_breach_names_the_limit_and_when_to_come_back(make_gateway, standins):
    client = make_gateway(rate_limit_caller="1/hour").test_client()
    assert client.get("/api/v1/me/vouchers", headers=bearer("member", "m-20")).status_code == 200
    resp = client.get("/api/v1/me/vouchers", headers=bearer("member", "m-20"))
    assert resp.status_code == 429
    assert resp.json["code"] == "rate_limited"
    assert "1 per 1 hour" in resp.json["detail"]
    assert 3500 <= int(resp.headers["Retry-After"]) <= 3600
    assert resp.headers["X-Request-Id"]


def test_onboarding_counts_an_ipv6_client_per_64_block(make_gateway, standins):
    client = make_gateway(rate_limit_onboarding="2/hour").test_client()

    def apply(address: str) -> int:
        return client.post(
            "/api/v1/merchant-applications", json={}, environ_base={"REMOTE_ADDR": address}
        ).status_code

    # one host rotating through addresses of its /64 is one client
    assert [apply(f"2001:db8:1:2::{n:x}") for n in (1, 2, 0xBEEF)] == [200, 200, 429]
    assert apply("2001:db8:1:3::1") == 200  # the next /64 is someone else
    assert [apply("203.0.113.9"), apply("203.0.113.10")] == [200, 200]  # IPv4: per address
    assert address_block("::ffff:203.0.113.9") == "203.0.113.9"
    assert address_block("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64"


def test_a_redis_outage_does_not_take_the_mall_down(make_gateway, standins):
    client = make_gateway(redis_url="redis://127.0.0.1:1/0", rate_limit_ip="1/minute").test_client()
    codes = [client.get("/api/v1/categories").status_code for _ in range(3)]
    assert codes == [200, 200, 200]


def test_limits_can_be_switched_off(make_gateway, standins):
    client = make_gateway(rate_limit_enabled=False, rate_limit_ip="1/minute").test_client()
    codes = [client.get("/api/v1/categories").status_code for _ in range(3)]
    assert codes == [200, 200, 200]


def test_preflights_are_not_counted(make_gateway, standins):
    client = make_gateway(rate_limit_ip="1/minute").test_client()
    preflight = {"Origin": FRONT_END, "Access-Control-Request-Method": "GET"}
    for _ in range(3):
        assert client.options("/api/v1/categories", headers=preflight).status_code == 200
    assert client.get("/api/v1/categories").status_code == 200


def test_answers_without_an_origin_carry_no_cors_headers_but_vary_on_origin(client):
    resp = client.get("/api/v1/categories")
    assert "Access-Control-Allow-Origin" not in resp.headers
    assert resp.headers.get_all("Vary") == ["Origin"]
    with_origin = client.get("/api/v1/categories", headers={"Origin": FRONT_END})
    assert with_origin.headers["Access-Control-Allow-Origin"] == FRONT_END
    assert with_origin.headers.get_all("Vary") == ["Origin"]
