"""Merchant self-service, isolation between merchants, keys, suspension and the directory."""

from __future__ import annotations

from tests.merchant.helpers import BASE, anonymous, approved_merchant, verify
from tests.merchant.key_link_helpers import sent_link_token
from tests.support import callers

ME = f"{BASE}/merchant"
STORE = {"name": "三亚湾店", "address": "三亚市天涯区三亚湾路8号", "region": "460200"}


def test_merchant_changes_its_profile_but_not_its_legal_identity(client):
    mid, _key = approved_merchant(client)
    headers = callers.merchant(mid)
    resp = client.patch(
        f"{ME}/profile",
        json={"contact_mobile": "15900001111", "categories": ["dining"]},
        headers=headers,
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["contact_mobile"] == "15900001111"
    # categories only change once ops approve (tests/merchant/test_category_review.py)
    assert resp.get_json()["categories"] == ["groceries", "tropical-fruit"]
    assert resp.get_json()["pending_categories"] == ["dining"]
    for forbidden in ({"legal_name": "别的公司"}, {"credit_code": "0" * 18}, {"status": "active"}):
        refused = client.patch(f"{ME}/profile", json=forbidden, headers=headers)
        assert refused.status_code == 422
    for bad in ({"contact_mobile": "123"}, {"discount_percent": 0}, {}, {"categories": ["x"]}):
        assert client.patch(f"{ME}/profile", json=bad, headers=headers).status_code == 422
    assert (
        client.get(f"{ME}/profile", headers=headers).get_json()["legal_name"]
        == "海口椰风生鲜有限公司"
    )


def test_merchant_manages_its_stores(client):
    mid, _key = approved_merchant(client)
    headers = callers.merchant(mid)
    added = client.post(f"{ME}/stores", json=STORE, headers=headers)
    assert added.status_code == 201
    store_id = added.get_json()["id"]
    changed = client.patch(
        f"{ME}/stores/{store_id}", json={"name": "三亚湾旗舰店"}, headers=headers
    )
    assert changed.status_code == 200 and changed.get_json()["name"] == "三亚湾旗舰店"
    empty = client.patch(f"{ME}/stores/{store_id}", json={}, headers=headers)
    assert empty.status_code == 422 and "_schema" in empty.get_json()["errors"]
    bad = client.post(f"{ME}/stores", json={**STORE, "region": "310000"}, headers=headers)
    assert bad.status_code == 422 and "region" in bad.get_json()["errors"]
    listing = client.get(f"{ME}/stores", headers=headers).get_json()["items"]
    assert len(listing) == 2
    assert client.delete(f"{ME}/stores/{store_id}", headers=headers).status_code == 204
    last = client.get(f"{ME}/stores", headers=headers).get_json()["items"]
    refused = client.delete(f"{ME}/stores/{last[0]['id']}", headers=headers)
    assert refused.status_code == 409 and refused.get_json()["code"] == "last_store"


def test_merchant_a_cannot_touch_merchant_b(client):
    a, _ = approved_merchant(client)
    b, key_b = approved_merchant(client)
    b_store = client.get(f"{ME}/stores", headers=callers.merchant(b)).get_json()["items"][0]
    as_a = callers.merchant(a)
    patched = client.patch(f"{ME}/stores/{b_store['id']}", json={"name": "A的店"}, headers=as_a)
    assert patched.status_code == 404 and patched.get_json()["code"] == "store_not_found"
    deleted = client.delete(f"{ME}/stores/{b_store['id']}", headers=as_a)
    assert deleted.status_code == 404
    assert client.get(f"{ME}/profile", headers=as_a).get_json()["id"] == a
    client.post(f"{ME}/api-keys", headers=as_a)
    assert verify(client, key_b).status_code == 200  # B's key untouched by A's rotation
    b_view = client.get(f"{ME}/stores", headers=callers.merchant(b)).get_json()["items"]
    assert b_view == [b_store]
    for path in ("/profile", "/stores", "/dashboard", "/api-keys"):
        assert client.get(f"{ME}{path}", headers=callers.member()).status_code == 403
        assert client.get(f"{ME}{path}", headers=anonymous()).status_code == 401


def test_key_verification_is_cached_by_hash_and_rotation_kills_the_old_key(client, redis_client):
    mid, key = approved_merchant(client)
    ok = verify(client, key)
    assert ok.status_code == 200
    assert ok.get_json() == {
        "merchant_id": mid,
        "status": "active",
        "partner_type": "discount_partner",
    }
    cached = [k.decode() for k in redis_client.scan_iter("merchant:apikey:*")]
    assert cached and all(key not in k for k in cached)
    assert all(key.encode() not in (redis_client.get(k) or b"") for k in cached)
    rotated = client.post(f"{ME}/api-keys", headers=callers.merchant(mid))
    assert rotated.status_code == 201
    new_key = rotated.get_json()["api_key"]
    old = verify(client, key)
    assert old.status_code == 401 and old.get_json()["code"] == "invalid_api_key"
    assert verify(client, new_key).status_code == 200
    info = client.get(f"{ME}/api-keys", headers=callers.merchant(mid)).get_json()
    assert info["api_key_prefix"] == new_key[:12] and "api_key" not in info


def test_revoked_key_stops_working_at_once_and_ops_can_issue_a_new_one(client):
    mid, key = approved_merchant(client)
    assert verify(client, key).status_code == 200  # now cached
    assert client.delete(f"{ME}/api-keys/current", headers=callers.merchant(mid)).status_code == 204
    assert verify(client, key).get_json()["code"] == "invalid_api_key"
    again = client.delete(f"{ME}/api-keys/current", headers=callers.merchant(mid))
    assert again.status_code == 404 and again.get_json()["code"] == "no_active_key"
    asked = client.post(f"{BASE}/ops/merchants/{mid}/api-keys", headers=callers.ops())
    assert asked.status_code == 202 and "api_key" not in asked.get_json()
    token = sent_link_token(client, mid)
    issued = client.post(
        f"{BASE}/merchant-key-retrievals", json={"token": token}, headers=anonymous()
    )
    assert issued.status_code == 201
    assert verify(client, issued.get_json()["api_key"]).status_code == 200


def test_suspended_merchant_key_is_refused_and_directory_hides_it(client):
    mid, key = approved_merchant(client, region="460200")
    assert verify(client, key).status_code == 200  # cached as active
    listed = client.get(f"{BASE}/merchants?region=460200", headers=anonymous()).get_json()
    assert [m["id"] for m in listed["items"]] == [mid]
    no_reason = client.post(f"{BASE}/ops/merchants/{mid}/suspend", json={}, headers=callers.ops())
    assert no_reason.status_code == 422
    resp = client.post(
        f"{BASE}/ops/merchants/{mid}/suspend", json={"reason": "多次投诉"}, headers=callers.ops()
    )
    assert resp.status_code == 200 and resp.get_json()["status"] == "suspended"
    refused = verify(client, key)
    assert refused.status_code == 403 and refused.get_json()["code"] == "merchant_suspended"
    assert (
        client.get(f"{BASE}/merchants?region=460200", headers=anonymous()).get_json()["items"] == []
    )
    assert client.get(f"{BASE}/merchants/{mid}", headers=anonymous()).status_code == 404
    twice = client.post(
        f"{BASE}/ops/merchants/{mid}/suspend", json={"reason": "x"}, headers=callers.ops()
    )
    assert twice.status_code == 409
    client.post(
        f"{BASE}/ops/merchants/{mid}/reinstate", json={"reason": "整改完成"}, headers=callers.ops()
    )
    assert verify(client, key).status_code == 200
    suspended = client.get(
        f"{BASE}/ops/merchants?status=suspended", headers=callers.ops()
    ).get_json()
    assert suspended["items"] == []


def test_verification_is_for_the_gateway_only_and_checks_input(client):
    _mid, key = approved_merchant(client)
    url = "/internal/v1/api-keys/verify"
    assert client.post(url, json={"api_key": key}, headers=callers.ops()).status_code == 403
    system = callers.headers_for("system", "gateway", (), None)
    assert client.post(url, json={}, headers=system).status_code == 422
    assert client.post(url, json={"api_key": 5}, headers=system).status_code == 422
    assert client.post(url, json={"api_key": "mk_live_nope"}, headers=system).status_code == 401


def test_directory_filters_by_type_region_and_category_with_stores(client):
    a, _ = approved_merchant(client)
    b, _ = approved_merchant(
        client,
        partner_type="welfare_partner",
        region="469002",
        categories=["health-medical"],
        stores=[{**STORE, "region": "460200"}],
    )

    def get(q):
        return [
            m["id"]
            for m in client.get(
                f"{BASE}/merchants{q}",
                headers=anonymous(),
            ).get_json()["items"]
        ]

    assert get("") == [a, b]
    assert get("?partner_type=welfare_partner") == [b]
    assert get("?region=460200") == [b]  # by its store
    assert get("?category=groceries") == [a]
    assert get("?limit=1") == [a]
    detail = client.get(f"{BASE}/merchants/{b}", headers=anonymous()).get_json()
    assert detail["stores"][0]["name"] == STORE["name"]
    assert "contact_mobile" not in detail and "credit_code" not in detail
    for q in ("?region=110000", "?partner_type=x", "?category=none", "?limit=0"):
        assert client.get(f"{BASE}/merchants{q}", headers=anonymous()).status_code == 422


def test_dashboard_starts_at_zero(client):
    mid, _ = approved_merchant(client)
    board = client.get(f"{ME}/dashboard", headers=callers.merchant(mid)).get_json()
    assert board["redemptions"] == 0 and board["subsidy"] == 0


def test_unknown_merchant_principal_gets_404(client):
    resp = client.get(f"{ME}/profile", headers=callers.merchant("no-such-merchant"))
    assert resp.status_code == 404 and resp.get_json()["code"] == "merchant_not_found"
