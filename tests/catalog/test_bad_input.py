"""Bad input gets a problem+json error with a stable code, and changes nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.catalog.adapters.orm import products
from tests.catalog.conftest import product_body, visitor
from tests.support import callers

URL = "/api/v1/merchant/products"


def _stored(catalog) -> list[tuple]:
    with catalog.infra.session_factory() as s:
        rows = s.execute(select(products.c.id, products.c.updated_at, products.c.member_price))
        return sorted(tuple(r) for r in rows)


def _problem(resp, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.get_json()
    assert resp.mimetype == "application/problem+json"
    body = resp.get_json()
    assert body["code"] == code
    assert body["status"] == status and body["title"] and body["type"]
    return body


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"member_price": 1200}, "member_price"),
        ({"member_price": 1500}, "member_price"),
        ({"member_price": -1}, "member_price"),
        ({"list_price": "12.00"}, "list_price"),
        ({"list_price": 12.5}, "list_price"),
        ({"stock": -3}, "stock"),
        ({"kind": "car"}, "kind"),
        ({"category": "weapons"}, "category"),
        ({"name": ""}, "name"),
        ({"status": "withdrawn"}, "status"),
        ({"images": ["javascript:alert(1)"]}, "images"),
        ({"store_ids": ["not-my-store"]}, "store_ids"),
        ({"online": False, "store_ids": []}, "online"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_product_is_refused_field_by_field(catalog, overrides, field):
    mid = catalog.merchant()
    resp = catalog.client.post(URL, json=product_body(**overrides), headers=callers.merchant(mid))
    body = _problem(resp, 422, "validation_failed")
    assert field in body["errors"], body
    assert _stored(catalog) == []


def test_missing_required_fields_are_all_named(catalog):
    mid = catalog.merchant()
    resp = catalog.client.post(URL, json={}, headers=callers.merchant(mid))
    body = _problem(resp, 422, "validation_failed")
    assert {"name", "kind", "category", "list_price", "member_price", "stock"} <= set(
        body["errors"]
    )


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (b"{not json", 400, "invalid_json"),
        (b"[1, 2]", 422, "validation_failed"),
        (b'"text"', 422, "validation_failed"),
    ],
)
def test_body_that_is_not_a_json_object_is_refused(catalog, raw, status, code):
    mid = catalog.merchant()
    resp = catalog.client.post(
        URL, data=raw, content_type="application/json", headers=callers.merchant(mid)
    )
    assert (resp.status_code, resp.get_json()["code"]) == (status, code)
    assert resp.mimetype == "application/problem+json"
    assert _stored(catalog) == []


@pytest.mark.parametrize(
    "changes",
    [
        {"member_price": 5000},
        {"list_price": 500},
        {"store_ids": ["elsewhere"]},
        {"category": "nope"},
        {},
        {"status": "gone"},
        {"id": "other"},
        {"name": None},
    ],
)
def test_invalid_patch_changes_nothing(catalog, changes):
    mid = catalog.merchant()
    product = catalog.create(mid)
    before = _stored(catalog)
    resp = catalog.client.patch(
        f"{URL}/{product['id']}", json=changes, headers=callers.merchant(mid)
    )
    _problem(resp, 422, "validation_failed")
    assert _stored(catalog) == before


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "random"},
        {"limit": 0},
        {"limit": 101},
        {"limit": "many"},
        {"min_price": -1},
        {"min_price": 500, "max_price": 100},
        {"max_price": "cheap"},
        {"region": "999999"},
        {"kind": "car"},
        {"category": "no-such-category"},
        {"cursor": "%%%not-base64"},
        {"cursor": "bm90IGpzb24"},
        {"q": "x" * 101},
    ],
)
def test_invalid_browse_query_is_refused(catalog, params):
    resp = catalog.client.get("/api/v1/products", query_string=params, headers=visitor())
    body = _problem(resp, 422, "validation_failed")
    assert body["errors"], body


def test_cursor_of_another_sort_is_refused(catalog):
    mid = catalog.merchant()
    for i in range(3):
        catalog.create(mid, name=f"商品{i}")
    cursor = catalog.browse(limit=1, sort="price_asc")["next_cursor"]
    resp = catalog.client.get(
        "/api/v1/products", query_string={"cursor": cursor, "sort": "newest"}, headers=visitor()
    )
    assert _problem(resp, 422, "validation_failed")["errors"] == {"cursor": ["Not a valid cursor."]}


def test_unknown_product_is_not_found(catalog):
    resp = catalog.client.get("/api/v1/products/no-such-product", headers=visitor())
    _problem(resp, 404, "not_found")


def test_request_without_internal_token_is_refused(catalog):
    _problem(catalog.client.get("/api/v1/products"), 401, "unauthenticated")


def test_cache_invalidation_is_for_ops_only(catalog):
    resp = catalog.client.post("/api/v1/ops/catalog/cache/invalidate", headers=callers.member())
    _problem(resp, 403, "forbidden")


@pytest.mark.parametrize("params", [{"cursor": "e30"}, {"status": "lost"}, {"limit": -1}])
def test_invalid_own_products_query_is_refused(catalog, params):
    mid = catalog.merchant()
    resp = catalog.client.get(URL, query_string=params, headers=callers.merchant(mid))
    _problem(resp, 422, "validation_failed")
