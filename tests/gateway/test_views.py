"""The gateway's own views: product detail with campaigns, home, KPIs, dead letters, outbox."""

from __future__ import annotations

import json

from tests.gateway.helpers import api_key, bearer

PRODUCT = {"id": "p1", "name": "椰子", "merchant_id": "m1", "category": "tropical-fruit",
           "merchant": {"id": "m1", "partner_type": "discount_partner"}}  # fmt: skip
CAMPAIGNS = {"items": [{"id": "c1", "eligible": True, "remaining_for_me": 1}], "next_cursor": None}


def test_product_detail_adds_the_campaigns_that_apply_for_this_member(client, standins):
    standins["catalog"].replies[("GET", "/api/v1/products/p1")] = (200, PRODUCT)
    standins["voucher"].replies[("GET", "/api/v1/campaigns")] = (200, CAMPAIGNS)
    resp = client.get("/api/v1/products/p1", headers=bearer("member", "m-3", segments=["female"]))
    assert resp.status_code == 200
    assert resp.json["name"] == "椰子"
    assert resp.json["campaigns"] == CAMPAIGNS["items"]
    asked = standins["voucher"].received[-1]
    assert sorted(asked["query"].split("&")) == [
        "category=tropical-fruit", "merchant_id=m1", "partner_type=discount_partner"
    ]  # fmt: skip
    assert asked["principal"]["sub"] == "m-3"
    assert asked["principal"]["segments"] == ["female"]


def test_product_detail_of_a_missing_product_is_the_catalogs_404(client, standins):
    standins["catalog"].replies[("GET", "/api/v1/products/nope")] = (
        404, {"code": "not_found", "status": 404}
    )  # fmt: skip
    resp = client.get("/api/v1/products/nope")
    assert resp.status_code == 404
    assert resp.json["code"] == "not_found"
    assert standins["voucher"].received == []


def test_product_detail_still_shows_when_campaigns_are_down(client, standins):
    standins["catalog"].replies[("GET", "/api/v1/products/p1")] = (200, PRODUCT)
    standins["voucher"].stop()
    resp = client.get("/api/v1/products/p1")
    assert resp.status_code == 200
    assert resp.json["campaigns"] == []
    assert resp.json["degraded"] == ["campaigns"]


def test_home_has_categories_featured_products_and_open_campaigns(client, standins):
    standins["catalog"].replies[("GET", "/api/v1/categories")] = (
        200,
        {"items": [{"slug": "dining"}]},
    )
    standins["catalog"].replies[("GET", "/api/v1/products")] = (200, {"items": [PRODUCT]})
    standins["voucher"].replies[("GET", "/api/v1/campaigns")] = (200, CAMPAIGNS)
    resp = client.get("/api/v1/home", headers=bearer("member", "m-4"))
    assert resp.status_code == 200
    assert resp.json["categories"] == [{"slug": "dining"}]
    assert resp.json["featured_products"][0]["id"] == "p1"
    assert resp.json["open_campaigns"] == CAMPAIGNS["items"]
    assert resp.json["degraded"] == []
    assert standins["voucher"].received[-1]["principal"]["sub"] == "m-4"


def test_kpis_compose_merchant_and_voucher_figures_for_ops_only(client, standins):
    standins["merchant"].replies[("GET", "/api/v1/ops/kpis/merchants")] = (
        200, {"partners": {"discount_partner": 3}, "review_times": {"median_hours": 5}}
    )  # fmt: skip
    standins["voucher"].replies[("GET", "/api/v1/ops/kpis/vouchers")] = (
        200, {"member_services": 12, "subsidy_by_campaign": [{"campaign_id": "c1", "fen": 500}]}
    )  # fmt: skip
    resp = client.get("/api/v1/ops/kpis", headers=bearer("ops", "ops-1"))
    assert resp.status_code == 200
    assert resp.json["partners"] == {"discount_partner": 3}
    assert resp.json["member_services"] == 12
    assert resp.json["partner_targets"] == {"discount_partner": 600, "welfare_partner": 100}
    assert client.get("/api/v1/ops/kpis", headers=bearer()).status_code == 403
    assert client.get("/api/v1/ops/kpis").status_code == 401


def test_dead_letters_need_a_known_service(client, standins):
    ops = bearer("ops", "ops-1")
    missing = client.get("/api/v1/ops/dead-letters", headers=ops)
    assert missing.status_code == 422
    assert "service" in missing.json["errors"]["query"]
    assert client.get("/api/v1/ops/dead-letters?service=billing", headers=ops).status_code == 422
    assert (
        client.get("/api/v1/ops/dead-letters?service=voucher&limit=0", headers=ops).status_code
        == 422
    )
    assert all(not s.received for s in standins.values())


def test_dead_letters_of_a_service_are_fetched_from_it_and_labelled(client, standins):
    standins["voucher"].replies[("GET", "/api/v1/ops/dead-letters")] = (
        200, {"items": [{"id": 7, "error": "boom"}], "next_cursor": None}
    )  # fmt: skip
    resp = client.get("/api/v1/ops/dead-letters?service=voucher&limit=5", headers=bearer("ops"))
    assert resp.status_code == 200
    assert resp.json["items"] == [{"id": 7, "error": "boom", "service": "voucher"}]
    assert standins["voucher"].received[-1]["query"] == "limit=5"


def test_gateway_dead_letters_are_listed_from_its_own_database(client):
    resp = client.get("/api/v1/ops/dead-letters?service=gateway", headers=bearer("ops"))
    assert resp.status_code == 200
    assert resp.json == {"items": [], "next_cursor": None}
    missing = client.post("/api/v1/ops/dead-letters/gateway/99/replay", headers=bearer("ops"))
    assert missing.status_code == 404


def test_replay_goes_to_the_named_service_for_ops_only(client, standins):
    path = "/api/v1/ops/dead-letters/catalog/3/replay"
    assert client.post(path, headers=api_key()).status_code == 403
    resp = client.post(path, headers=bearer("ops", "ops-1"))
    assert resp.status_code == 200
    assert standins["catalog"].received[-1]["path"] == "/api/v1/ops/dead-letters/3/replay"


def test_outbox_lists_every_service_and_says_which_is_down(client, standins):
    standins["merchant"].replies[("GET", "/api/v1/ops/outbox")] = (
        200, {"service": "merchant", "backlog": 2, "oldest_created_at": None}
    )  # fmt: skip
    standins["catalog"].stop()
    resp = client.get("/api/v1/ops/outbox", headers=bearer("ops"))
    assert resp.status_code == 200
    by_service = {i["service"]: i for i in resp.json["items"]}
    assert by_service["merchant"]["backlog"] == 2
    assert "unavailable" in by_service["catalog"]["error"]
    assert set(by_service) == {"merchant", "catalog", "voucher"}


def test_unexpected_body_shapes_never_give_a_500(client, standins):
    standins["catalog"].replies[("GET", "/api/v1/products/p2")] = (200, ["not", "an", "object"])
    resp = client.get("/api/v1/products/p2")
    assert resp.status_code == 502
    assert json.loads(resp.data)["code"] == "bad_gateway"
