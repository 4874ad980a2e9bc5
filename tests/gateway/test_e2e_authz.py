"""Authorization matrix over the real services: every path × every kind of caller."""

from __future__ import annotations

import uuid

import pytest

from tests.gateway import e2e_client as mall_api
from tests.gateway.test_e2e_story import _status, onboard
from tests.support.kafka import wait_until

pytestmark = pytest.mark.e2e
CALLERS = ("anonymous", "alice", "bob", "shop_a", "shop_b", "ops")


def everyone(status: int) -> dict:
    return dict.fromkeys(CALLERS, status)


def members(ok: int = 200, **overrides: int) -> dict:
    return {"anonymous": 401, "alice": ok, "bob": ok, "shop_a": 403, "shop_b": 403, "ops": 403,
            **overrides}  # fmt: skip


def merchants(ok: int = 200, **overrides: int) -> dict:
    return {"anonymous": 401, "alice": 403, "bob": 403, "shop_a": ok, "shop_b": ok, "ops": 403,
            **overrides}  # fmt: skip


def ops_only(ok: int = 200) -> dict:
    return {"anonymous": 401, "alice": 403, "bob": 403, "shop_a": 403, "shop_b": 403, "ops": ok}


@pytest.fixture(scope="module")
def world(mall):
    """Two merchants (a product and a campaign for A), two members (Alice holds a voucher)."""
    base = mall.gateway
    a_id, a_key = onboard(mall)
    b_id, b_key = onboard(mall)
    shop_a = mall_api.merchant(base, a_key)
    product = {"name": "椰子糖", "kind": "goods", "category": "tropical-fruit",
               "list_price": 2000, "member_price": 1500, "stock": 9, "status": "published"}  # fmt: skip
    created = wait_until(
        lambda: (
            (r := shop_a.post("/api/v1/merchant/products", json=product)).status_code == 201
            and r.json()
        ),
        timeout=30,
    )
    ops = mall_api.ops(base)
    campaign = _status(ops.post("/api/v1/ops/campaigns", json=mall_api.campaign(a_id)), 201)
    _status(ops.post(f"/api/v1/ops/campaigns/{campaign['id']}/publish"), 200)
    alice = mall_api.member(base, f"alice-{uuid.uuid4().hex[:6]}")
    voucher = _status(alice.post(f"/api/v1/campaigns/{campaign['id']}/claims"), 201)
    callers = {
        "anonymous": mall_api.Caller(base),
        "alice": alice,
        "bob": mall_api.member(base, f"bob-{uuid.uuid4().hex[:6]}"),
        "shop_a": shop_a,
        "shop_b": mall_api.merchant(base, b_key),
        "ops": ops,
    }
    return {"a": a_id, "b": b_id, "product": created["id"], "campaign": campaign["id"],
            "voucher": voucher, "callers": callers}  # fmt: skip


def matrix(w: dict) -> list[tuple[str, str, dict | None, dict]]:
    p, c, a = w["product"], w["campaign"], w["a"]
    return [
        ("GET", "/api/v1/categories", None, everyone(200)),
        ("GET", "/api/v1/products", None, everyone(200)),
        ("GET", f"/api/v1/products/{p}", None, everyone(200)),
        ("GET", "/api/v1/merchants", None, everyone(200)),
        ("GET", f"/api/v1/merchants/{a}", None, everyone(200)),
        ("GET", "/api/v1/campaigns", None, everyone(200)),
        ("GET", f"/api/v1/campaigns/{c}", None, everyone(200)),
        ("GET", "/api/v1/home", None, everyone(200)),
        ("POST", "/api/v1/merchant-applications", {}, everyone(422)),
        # Alice already holds her one voucher; Bob gets his
        ("POST", f"/api/v1/campaigns/{c}/claims", None, members(alice=409, bob=201)),
        ("GET", "/api/v1/me/vouchers", None, members()),
        ("GET", "/api/v1/me/redemptions", None, members()),
        ("GET", "/api/v1/merchant/profile", None, merchants()),
        ("GET", "/api/v1/merchant/stores", None, merchants()),
        ("GET", "/api/v1/merchant/dashboard", None, merchants()),
        ("GET", "/api/v1/merchant/products", None, merchants()),
        # ownership is the catalog's: B cannot touch A's product
        ("PATCH", f"/api/v1/merchant/products/{p}", {"stock": 8}, merchants(shop_b=404)),
        ("GET", "/api/v1/merchant/redemptions", None, merchants()),
        ("GET", "/api/v1/merchant/settlements", None, merchants()),
        ("GET", "/api/v1/ops/merchant-applications", None, ops_only()),
        ("GET", "/api/v1/ops/merchants", None, ops_only()),
        ("GET", "/api/v1/ops/campaigns", None, ops_only()),
        ("GET", "/api/v1/ops/settlements", None, ops_only()),
        ("GET", "/api/v1/ops/kpis", None, ops_only()),
        ("GET", "/api/v1/ops/kpis/merchants", None, ops_only()),
        ("GET", "/api/v1/ops/kpis/vouchers", None, ops_only()),
        ("GET", "/api/v1/ops/outbox", None, ops_only()),
        ("GET", "/api/v1/ops/dead-letters?service=voucher", None, ops_only()),
        ("GET", "/internal/v1/api-keys/verify", None, everyone(404)),
    ]


def test_every_path_gives_each_caller_the_expected_status(world):
    wrong = []
    for method, path, body, expected in matrix(world):
        for name in CALLERS:
            resp = world["callers"][name](method, path, json=body)
            if resp.status_code != expected[name]:
                wrong.append(
                    (method, path, name, expected[name], resp.status_code, resp.text[:120])
                )
            if resp.status_code >= 400:
                assert resp.headers["Content-Type"].startswith("application/problem+json"), path
    assert wrong == []


def test_members_see_only_their_own_vouchers(world):
    alice, bob = world["callers"]["alice"], world["callers"]["bob"]
    mine = [v["id"] for v in _status(alice.get("/api/v1/me/vouchers"), 200)["items"]]
    theirs = [v["id"] for v in _status(bob.get("/api/v1/me/vouchers"), 200)["items"]]
    assert world["voucher"]["id"] in mine
    assert world["voucher"]["id"] not in theirs


def test_another_merchant_cannot_redeem_a_voucher_meant_for_a(world):
    body = {"code": world["voucher"]["code"], "order_amount": 1500, "channel": "online"}
    resp = world["callers"]["shop_b"].post("/api/v1/merchant/redemptions", json=body)
    assert resp.status_code == 422
    assert resp.json()["code"] == "out_of_scope"


def test_a_service_port_reached_directly_lets_no_one_in(mall):
    for url in mall.urls.values():
        resp = mall_api.Caller(url).get("/api/v1/categories")
        assert resp.status_code == 401
