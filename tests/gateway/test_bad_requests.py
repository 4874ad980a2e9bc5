"""Requests the gateway refuses by itself: bad API keys, `//` paths, deep JSON; and Location
headers that would name a service."""

from __future__ import annotations

import secrets

from services.gateway.key_checks import well_formed
from services.merchant.domain.credentials import new_api_key
from tests.gateway.helpers import KEY_M1, api_key, bearer

PROFILE = "/api/v1/merchant/profile"
VERIFY = "/internal/v1/api-keys/verify"


def key_checks(standins) -> int:
    return standins["merchant"].paths().count(VERIFY)


def test_the_gateway_knows_the_shape_of_the_keys_the_merchant_service_issues():
    assert all(well_formed(new_api_key()) for _ in range(50))
    assert not well_formed(new_api_key() + "\n") and not well_formed("mk_live_short")


def test_a_key_that_cannot_be_well_formed_never_reaches_the_merchant_service(client, standins):
    for bad in ("x", "mk_live_" + "a" * 42, "mk_live_" + "!" * 43, "Bearer " + "a" * 60):
        resp = client.get(PROFILE, headers=api_key(bad))
        assert resp.status_code == 401 and resp.json["code"] == "invalid_api_key", bad
    assert key_checks(standins) == 0


def test_a_refused_key_is_refused_again_without_asking(client, standins):
    unknown = "mk_live_" + secrets.token_urlsafe(32)
    codes = [client.get(PROFILE, headers=api_key(unknown)).status_code for _ in range(5)]
    assert codes == [401] * 5
    assert key_checks(standins) == 1
    assert client.get(PROFILE, headers=api_key(KEY_M1)).status_code == 200


def test_an_address_over_its_budget_costs_the_merchant_service_nothing(make_gateway, standins):
    client = make_gateway(rate_limit_ip="3/minute").test_client()
    flood = {"REMOTE_ADDR": "10.0.9.1"}
    codes = [
        client.get(
            PROFILE, headers=api_key("mk_live_" + secrets.token_urlsafe(32)), environ_base=flood
        ).status_code
        for _ in range(10)
    ]
    assert codes == [401] * 3 + [429] * 7
    assert key_checks(standins) == 3


def test_a_known_good_key_is_not_charged_to_its_address_in_advance(make_gateway, standins):
    client = make_gateway(rate_limit_ip="2/minute").test_client()
    shop = {"REMOTE_ADDR": "10.0.9.2"}
    codes = [
        client.get(PROFILE, headers=api_key(KEY_M1), environ_base=shop).status_code
        for _ in range(5)
    ]
    assert codes == [200] * 5  # the first look-up paid one hit of the address's budget
    assert key_checks(standins) == 5  # every request is still checked: revocation is at once


def test_empty_path_segments_are_refused_before_any_service(client, standins):
    for path in ("/api/v1/me//vouchers", "/api/v1//categories", "/api/v1/products//x"):
        resp = client.get(path, headers=api_key())
        assert resp.status_code == 404 and resp.json["code"] == "not_found", path
        assert "Location" not in resp.headers
    assert all(p == VERIFY for s in standins.values() for p in s.paths())


def test_a_location_naming_a_service_is_told_as_a_gateway_path(client, standins):
    voucher, me = standins["voucher"], "/api/v1/me/vouchers"
    location = {"Location": f"{voucher.url}{me}?status=active"}
    voucher.replies[("GET", me)] = (308, {}, location)
    resp = client.get(me, headers=bearer())
    assert resp.status_code == 308 and resp.headers["Location"] == f"{me}?status=active"
    voucher.replies[("GET", me)] = (308, {}, {"Location": f"{voucher.url}/internal/x"})
    assert "Location" not in client.get(me, headers=bearer()).headers
    voucher.replies[("GET", me)] = (308, {}, {"Location": "/api/v1/x"})
    assert client.get(me, headers=bearer()).headers["Location"] == "/api/v1/x"


def test_json_nested_too_deep_is_refused_at_the_gateway(client, standins):
    resp = client.post(
        "/api/v1/merchant-applications",
        data="[" * 5000 + "]" * 5000,
        content_type="application/json",
    )
    assert resp.status_code == 400 and resp.json["code"] == "invalid_json"
    assert standins["merchant"].received == []


def test_a_nul_character_is_refused_at_the_gateway(client, standins):
    body = '{"contact_name": "a\\u0000b"}'
    resp = client.post("/api/v1/merchant-applications", data=body, content_type="application/json")
    assert resp.status_code == 422 and resp.json["code"] == "validation_failed"
    assert client.get("/api/v1/products?q=a%00b").status_code == 422
    assert standins["merchant"].received == [] and standins["catalog"].received == []
