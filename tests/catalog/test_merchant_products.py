"""A merchant creates and changes only its own products; the catalog says clearly what is wrong."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from services.catalog.adapters.orm import products
from tests.catalog.conftest import HAIKOU, SANYA, merchant_event, product_body, visitor
from tests.support import callers

URL = "/api/v1/merchant/products"


def _count(catalog) -> int:
    with catalog.infra.session_factory() as s:
        return s.execute(select(func.count()).select_from(products)).scalar_one()


def _outbox_types(catalog) -> list[str]:
    """The product events recorded (not those `catalog.merchant()`'s merchant copy records)."""
    outbox = catalog.infra.tables.outbox
    with catalog.infra.session_factory() as s:
        return list(
            s.execute(
                select(outbox.c.event_type)
                .where(outbox.c.event_type != "product.listings_changed")
                .order_by(outbox.c.id)
            ).scalars()
        )


def test_active_merchant_publishes_a_product_with_regions_from_its_stores(catalog):
    mid = catalog.merchant()
    body = catalog.create(mid, store_ids=[f"{mid}-s2", f"{mid}-s1", f"{mid}-s1"], online=False)
    assert body["status"] == "published"
    assert body["merchant_id"] == mid
    assert body["store_ids"] == [f"{mid}-s2", f"{mid}-s1"]
    assert body["regions"] == [HAIKOU, SANYA]
    assert body["discount_bp"] == 1750
    assert _outbox_types(catalog) == ["product.published"]


def test_draft_creates_no_event_and_is_not_browsable(catalog):
    mid = catalog.merchant()
    draft = catalog.create(mid, status="draft")
    assert draft["status"] == "draft"
    assert _outbox_types(catalog) == []
    assert catalog.browse()["items"] == []


def test_unknown_merchant_cannot_create_products(catalog):
    resp = catalog.client.post(URL, json=product_body(), headers=callers.merchant("M-nobody"))
    assert resp.status_code == 403
    assert resp.get_json()["code"] == "merchant_not_active"
    assert resp.mimetype == "application/problem+json"
    assert _count(catalog) == 0


def test_suspended_merchant_cannot_create_products(catalog):
    mid = catalog.merchant()
    catalog.apply(merchant_event("merchant.suspended", mid, status="suspended"))
    resp = catalog.client.post(URL, json=product_body(), headers=callers.merchant(mid))
    assert resp.status_code == 403
    assert resp.get_json()["code"] == "merchant_suspended"
    assert _count(catalog) == 0


def test_only_merchants_may_manage_products(catalog):
    assert (
        catalog.client.post(URL, json=product_body(), headers=callers.member()).status_code == 403
    )
    assert catalog.client.post(URL, json=product_body(), headers=visitor()).status_code == 401
    assert catalog.client.post(URL, json=product_body()).status_code == 401
    assert _count(catalog) == 0


def test_merchant_cannot_see_or_change_another_merchants_product(catalog):
    mine, theirs = catalog.merchant(), catalog.merchant()
    product = catalog.create(theirs)
    path = f"{URL}/{product['id']}"
    me = callers.merchant(mine)
    assert catalog.client.get(path, headers=me).status_code == 404
    resp = catalog.client.patch(path, json={"member_price": 1}, headers=me)
    assert resp.status_code == 404
    assert resp.get_json()["code"] == "not_found"
    assert catalog.client.delete(path, headers=me).status_code == 404
    assert catalog.client.get(URL, headers=me).get_json()["items"] == []
    own = catalog.client.get(path, headers=callers.merchant(theirs)).get_json()
    assert own["member_price"] == 990 and own["status"] == "published"


def test_merchant_lists_own_products_in_every_status_with_paging(catalog):
    mid = catalog.merchant()
    catalog.merchant()  # another merchant's products never show
    made = [
        catalog.create(mid, name=f"商品{i}", status="draft" if i % 2 else "published")
        for i in range(5)
    ]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = catalog.client.get(
            URL, query_string=params, headers=callers.merchant(mid)
        ).get_json()
        seen += [p["id"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [p["id"] for p in reversed(made)]
    drafts = catalog.client.get(
        URL, query_string={"status": "draft"}, headers=callers.merchant(mid)
    )
    assert {p["status"] for p in drafts.get_json()["items"]} == {"draft"}
    assert len(drafts.get_json()["items"]) == 2


def test_patch_changes_price_and_publishes_updated_event(catalog):
    mid = catalog.merchant()
    product = catalog.create(mid)
    resp = catalog.client.patch(
        f"{URL}/{product['id']}",
        json={"member_price": 800, "name": "椰子水 大瓶"},
        headers=callers.merchant(mid),
    )
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["member_price"] == 800
    assert _outbox_types(catalog) == ["product.published", "product.updated"]
    assert catalog.names(q="大瓶") == ["椰子水 大瓶"]


def test_withdraw_hides_product_and_is_safe_twice(catalog):
    mid = catalog.merchant()
    product = catalog.create(mid)
    assert len(catalog.browse()["items"]) == 1
    for _ in range(2):
        resp = catalog.client.delete(f"{URL}/{product['id']}", headers=callers.merchant(mid))
        assert resp.status_code == 200
        assert resp.get_json()["status"] == "withdrawn"
    assert _outbox_types(catalog) == ["product.published", "product.withdrawn"]
    assert catalog.browse()["items"] == []
    detail = catalog.client.get(f"/api/v1/products/{product['id']}", headers=callers.member())
    assert detail.status_code == 404
    again = catalog.client.patch(
        f"{URL}/{product['id']}", json={"status": "published"}, headers=callers.merchant(mid)
    )
    assert again.get_json()["status"] == "published"
    assert len(catalog.browse()["items"]) == 1


def test_published_product_cannot_go_back_to_draft(catalog):
    mid = catalog.merchant()
    product = catalog.create(mid)
    resp = catalog.client.patch(
        f"{URL}/{product['id']}", json={"status": "draft"}, headers=callers.merchant(mid)
    )
    assert resp.status_code == 409
    assert resp.get_json()["code"] == "invalid_status_change"
    assert _outbox_types(catalog) == ["product.published"]


def test_same_idempotency_key_creates_one_product(catalog):
    mid = catalog.merchant()
    headers = {**callers.merchant(mid), "Idempotency-Key": "create-1"}
    first = catalog.client.post(URL, json=product_body(), headers=headers)
    again = catalog.client.post(URL, json=product_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    other = catalog.client.post(URL, json=product_body(name="别的"), headers=headers)
    assert other.status_code == 422 and other.get_json()["code"] == "idempotency_key_reused"
    spaced = {**headers, "Idempotency-Key": "create 1"}  # the document allows visible ASCII only
    odd = catalog.client.post(URL, json=product_body(name="别的"), headers=spaced)
    assert odd.status_code == 422 and odd.get_json()["code"] == "validation_failed"
    assert _count(catalog) == 1


def test_a_not_yet_known_merchant_is_not_sealed_under_its_key(catalog):
    """Approved a moment ago: the retry with the same key succeeds once the catalog knows it."""
    mid = "M-new-" + uuid.uuid4().hex[:6]
    headers = {**callers.merchant(mid), "Idempotency-Key": "create-early"}
    early = catalog.client.post(URL, json=product_body(), headers=headers)
    assert early.status_code == 403 and early.get_json()["code"] == "merchant_not_active"
    catalog.merchant(mid)  # merchant.approved reaches the catalog
    retried = catalog.client.post(URL, json=product_body(), headers=headers)
    assert retried.status_code == 201, retried.get_json()
    assert "Idempotent-Replayed" not in retried.headers
    assert _count(catalog) == 1


def test_openapi_documents_the_catalog_endpoints(catalog):
    spec = catalog.client.get("/openapi.json").get_json()
    paths = spec["paths"]
    assert {"get"} <= set(paths["/api/v1/products"])
    params = {p["name"] for p in paths["/api/v1/products"]["get"]["parameters"]}
    assert {
        "q",
        "category",
        "region",
        "merchant_id",
        "kind",
        "min_price",
        "max_price",
        "sort",
        "limit",
        "cursor",
    } <= params
    assert {"get", "post"} <= set(paths["/api/v1/merchant/products"])
    assert {"get", "patch", "delete"} <= set(paths["/api/v1/merchant/products/{product_id}"])
    assert "/api/v1/categories" in paths and "/api/v1/ops/catalog/cache/invalidate" in paths


def test_patch_that_changes_nothing_publishes_nothing(catalog):
    mid = catalog.merchant()
    product = catalog.create(mid, online=False, store_ids=[f"{mid}-s1"])
    same = {"member_price": 990, "store_ids": [f"{mid}-s1"], "images": product["images"]}
    resp = catalog.client.patch(f"{URL}/{product['id']}", json=same, headers=callers.merchant(mid))
    assert resp.status_code == 200
    assert resp.get_json()["updated_at"] == product["updated_at"]
    assert _outbox_types(catalog) == ["product.published"]
