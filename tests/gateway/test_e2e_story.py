"""The whole story through the gateway, against the running services, real Kafka and Redis."""

from __future__ import annotations

import uuid

import pytest

from tests.gateway import e2e_client as mall_api
from tests.support.kafka import wait_until

pytestmark = pytest.mark.e2e


def _status(resp, expected: int) -> dict:
    assert resp.status_code == expected, (resp.status_code, resp.text[:500])
    return resp.json()


def onboard(mall) -> tuple[str, str]:
    """Apply as a merchant, get approved by ops, open the contact's key link; return
    (merchant_id, api_key)."""
    anonymous, ops = mall_api.Caller(mall.gateway), mall_api.ops(mall.gateway)
    applied = _status(
        anonymous.post("/api/v1/merchant-applications", json=mall_api.application()), 201
    )
    status = anonymous.get(
        f"/api/v1/merchant-applications/{applied['id']}",
        headers={"X-Application-Secret": applied["secret"]},
    )
    assert _status(status, 200)["status"] == applied["status"]
    queue = _status(ops.get("/api/v1/ops/merchant-applications"), 200)
    assert applied["id"] in [a["id"] for a in queue["items"]]
    approval = _status(
        ops.post(f"/api/v1/ops/merchant-applications/{applied['id']}/approve", json={}), 201
    )
    assert "api_key" not in approval and approval["key_link"]["sent_to"].count("*") == 4
    merchant_id = approval["merchant"]["id"]
    return merchant_id, mall_api.first_key(mall, merchant_id)


def test_the_mall_story_from_application_to_suspension(mall):
    base = mall.gateway
    anonymous, ops = mall_api.Caller(base), mall_api.ops(base)
    merchant_id, api_key = onboard(mall)
    shop = mall_api.merchant(base, api_key)
    logged = "".join(p.read_text(errors="replace") for p in mall.logs.glob("*.log"))
    assert api_key not in logged  # ops saw only where the link went; no process logged the key
    assert _status(shop.get("/api/v1/merchant/profile"), 200)["id"] == merchant_id

    # the merchant adds a product once the catalog has heard of its approval
    name = f"文昌椰子 {uuid.uuid4().hex[:6]}"
    product_body = {
        "name": name, "kind": "goods", "category": "tropical-fruit",
        "list_price": 1500, "member_price": 990, "stock": 50, "status": "published",
    }  # fmt: skip
    created = wait_until(
        lambda: (
            (r := shop.post("/api/v1/merchant/products", json=product_body)).status_code == 201
            and r.json()
        ),
        timeout=30,
    )
    assert created, "the catalog never accepted the approved merchant's product"
    product_id = created["id"]

    # members find it (anonymous browsing, cached, refreshed by product events)
    def listed() -> bool:
        items = anonymous.get("/api/v1/products", params={"merchant_id": merchant_id}).json()
        return product_id in [p["id"] for p in items.get("items", [])]

    assert wait_until(listed, timeout=30)

    # ops publish a campaign for this merchant; a member sees it on the product, eligible
    drafted = _status(ops.post("/api/v1/ops/campaigns", json=mall_api.campaign(merchant_id)), 201)
    campaign_id = drafted["id"]
    _status(ops.post(f"/api/v1/ops/campaigns/{campaign_id}/publish"), 200)
    alice = mall_api.member(base, f"m-{uuid.uuid4().hex[:8]}")
    detail = _status(alice.get(f"/api/v1/products/{product_id}"), 200)
    offered = {c["id"]: c for c in detail["campaigns"]}
    assert campaign_id in offered, detail
    assert offered[campaign_id]["eligible"] is True
    assert offered[campaign_id]["remaining_for_me"] == 1

    # the member claims (once: the same Idempotency-Key replays the same voucher)
    claim = alice.post(f"/api/v1/campaigns/{campaign_id}/claims", headers={"Idempotency-Key": "k1"})
    voucher = _status(claim, 201)
    again = alice.post(f"/api/v1/campaigns/{campaign_id}/claims", headers={"Idempotency-Key": "k1"})
    assert _status(again, 201)["id"] == voucher["id"]
    mine = _status(alice.get("/api/v1/me/vouchers"), 200)
    assert voucher["id"] in [v["id"] for v in mine["items"]]

    # the merchant redeems it, and the settlement shows the subsidy
    redemption_body = {"code": voucher["code"], "order_amount": 1500, "channel": "online"}
    redeemed = wait_until(
        lambda: (
            (r := shop.post("/api/v1/merchant/redemptions", json=redemption_body)).status_code
            == 201
            and r.json()
        ),
        timeout=30,
    )
    assert redeemed, "the voucher service never accepted the redemption"
    assert redeemed["discount"] == 300
    assert redeemed["payable"] == 1200

    def settled() -> bool:
        statement = shop.get("/api/v1/merchant/settlements").json()
        return statement.get("total_net_subsidy") == 300

    assert wait_until(settled, timeout=30)

    # ops suspend the merchant: its key is refused at once, its products vanish
    suspended = ops.post(f"/api/v1/ops/merchants/{merchant_id}/suspend", json={"reason": "fraud"})
    _status(suspended, 200)
    refused = shop.get("/api/v1/merchant/profile")
    assert refused.status_code == 403
    assert refused.json()["code"] == "merchant_suspended"
    again_redeem = shop.post("/api/v1/merchant/redemptions", json=redemption_body)
    assert again_redeem.status_code == 403
    assert wait_until(lambda: not listed(), timeout=30)
    assert wait_until(
        lambda: anonymous.get(f"/api/v1/products/{product_id}").status_code == 404, timeout=30
    )


def test_ops_overviews_compose_every_service(mall):
    ops = mall_api.ops(mall.gateway)
    kpis = _status(ops.get("/api/v1/ops/kpis"), 200)
    assert kpis["partner_targets"] == {"discount_partner": 600, "welfare_partner": 100}
    assert "partners" in kpis
    assert "member_services" in kpis
    outbox = _status(ops.get("/api/v1/ops/outbox"), 200)
    assert {i["service"] for i in outbox["items"]} == {"merchant", "catalog", "voucher"}
    assert all("error" not in i for i in outbox["items"]), outbox
    for service in ("merchant", "catalog", "voucher", "gateway"):
        page = ops.get("/api/v1/ops/dead-letters", params={"service": service})
        assert _status(page, 200)["items"] == []


def test_home_and_openapi_through_the_real_services(mall):
    anonymous = mall_api.Caller(mall.gateway)
    home = _status(anonymous.get("/api/v1/home"), 200)
    assert home["degraded"] == []
    assert home["categories"]
    doc = _status(anonymous.get("/openapi.json"), 200)
    assert "x-unavailable-services" not in doc
    for path in ("/api/v1/merchant-applications", "/api/v1/campaigns/{campaign_id}/claims",
                 "/api/v1/merchant/products", "/api/v1/home"):  # fmt: skip
        assert path in doc["paths"], path
    assert not [p for p in doc["paths"] if p.startswith("/internal")]
