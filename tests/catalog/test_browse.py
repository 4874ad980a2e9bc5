"""Browse and search: Chinese and English words, every filter and sort, and stable paging."""

from __future__ import annotations

import pytest

from tests.catalog.conftest import HAIKOU, SANYA
from tests.support import callers


@pytest.fixture
def shelf(catalog):
    """Two merchants' products across kinds, categories, prices and places."""
    a, b = catalog.merchant(), catalog.merchant()
    made = {}
    for merchant, overrides in [
        (
            a,
            dict(
                name="海南椰子水",
                name_en="Hainan coconut water",
                category="snacks-drinks",
                list_price=1200,
                member_price=990,
            ),
        ),
        (
            a,
            dict(
                name="椰子糖",
                name_en="Coconut candy",
                category="snacks-drinks",
                list_price=2000,
                member_price=1000,
                online=False,
                store_ids=[f"{a}-s2"],
            ),
        ),
        (
            b,
            dict(
                name="文昌鸡",
                name_en="Wenchang chicken",
                description="椰林散养",
                category="farm-produce",
                list_price=8800,
                member_price=7800,
                online=False,
                store_ids=[f"{b}-s1"],
            ),
        ),
        (
            b,
            dict(
                name="职工健康游·五指山两日",
                name_en="Worker health tour",
                kind="activity",
                category="health-tours",
                list_price=99900,
                member_price=59900,
                stock=40,
            ),
        ),
        (
            b,
            dict(
                name="家政保洁 3小时",
                name_en="Home cleaning",
                kind="service",
                category="cleaning",
                list_price=24000,
                member_price=19900,
            ),
        ),
        (
            a,
            dict(
                name="芒果干",
                name_en="Dried mango",
                category="tropical-fruit",
                list_price=3000,
                member_price=2990,
                status="draft",
            ),
        ),
    ]:
        made[overrides["name"]] = catalog.create(merchant, **overrides)
    return {"a": a, "b": b, "products": made}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("椰子", {"海南椰子水", "椰子糖"}),
        ("椰", {"海南椰子水", "椰子糖", "文昌鸡"}),
        ("海南椰子", {"海南椰子水"}),
        ("coconut", {"海南椰子水", "椰子糖"}),
        ("COCONUT candy", {"椰子糖"}),
        ("coco", {"海南椰子水", "椰子糖"}),
        ("椰林", {"文昌鸡"}),
        ("健康游", {"职工健康游·五指山两日"}),
        ("芒果", set()),
        ("榴莲", set()),
        ("!!!", {"海南椰子水", "椰子糖", "文昌鸡", "职工健康游·五指山两日", "家政保洁 3小时"}),
    ],
)
def test_search_matches_chinese_and_english_words(catalog, shelf, q, expected):
    assert set(catalog.names(q=q)) == expected


def test_category_filter_includes_subcategories(catalog, shelf):
    assert set(catalog.names(category="groceries")) == {"文昌鸡"}
    assert set(catalog.names(category="dining")) == {"海南椰子水", "椰子糖"}
    assert set(catalog.names(category="snacks-drinks")) == {"海南椰子水", "椰子糖"}
    assert catalog.names(category="fitness") == []


def test_region_filter_finds_store_and_online_offers(catalog, shelf):
    assert set(catalog.names(region=SANYA)) == {
        "海南椰子水",
        "椰子糖",
        "职工健康游·五指山两日",
        "家政保洁 3小时",
    }
    assert set(catalog.names(region=HAIKOU)) == {
        "海南椰子水",
        "文昌鸡",
        "职工健康游·五指山两日",
        "家政保洁 3小时",
    }
    assert "椰子糖" not in catalog.names(region="online")
    assert set(catalog.names(region="469030")) == set(catalog.names(region="online"))


def test_merchant_kind_and_price_filters(catalog, shelf):
    assert set(catalog.names(merchant_id=shelf["a"])) == {"海南椰子水", "椰子糖"}
    assert catalog.names(kind="activity") == ["职工健康游·五指山两日"]
    assert catalog.names(kind="service") == ["家政保洁 3小时"]
    assert set(catalog.names(min_price=1000, max_price=19900)) == {
        "椰子糖",
        "文昌鸡",
        "家政保洁 3小时",
    }
    assert catalog.names(q="椰子", max_price=999) == ["海南椰子水"]


def test_sorts_by_price_newest_and_discount(catalog, shelf):
    assert catalog.names(sort="price_asc") == [
        "海南椰子水",
        "椰子糖",
        "文昌鸡",
        "家政保洁 3小时",
        "职工健康游·五指山两日",
    ]
    assert catalog.names(sort="price_desc") == list(reversed(catalog.names(sort="price_asc")))
    assert catalog.names(sort="newest") == [
        "家政保洁 3小时",
        "职工健康游·五指山两日",
        "文昌鸡",
        "椰子糖",
        "海南椰子水",
    ]
    # 50% > 40% > 17.5% > 17.1% > 11.4% off
    assert catalog.names(sort="discount") == [
        "椰子糖",
        "职工健康游·五指山两日",
        "海南椰子水",
        "家政保洁 3小时",
        "文昌鸡",
    ]


def test_list_items_carry_merchant_name_and_prices(catalog, shelf):
    item = catalog.browse(q="椰子水")["items"][0]
    assert item["merchant_name"] == f"海南{shelf['a']}有限公司"
    assert (item["list_price"], item["member_price"], item["discount_bp"]) == (1200, 990, 1750)
    assert item["online"] is True and item["images"]


def test_detail_shows_merchant_and_its_stores(catalog, shelf):
    chicken = shelf["products"]["文昌鸡"]
    resp = catalog.client.get(f"/api/v1/products/{chicken['id']}", headers=callers.member())
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["merchant"] == {
        "id": shelf["b"],
        "legal_name": f"海南{shelf['b']}有限公司",
        "partner_type": "discount_partner",
    }
    assert body["stores"] == [
        {"id": f"{shelf['b']}-s1", "name": "海口店", "region": HAIKOU, "address": "龙华路1号"}
    ]
    assert body["description"] == "椰林散养"


def test_draft_detail_is_not_public(catalog, shelf):
    draft = shelf["products"]["芒果干"]
    resp = catalog.client.get(f"/api/v1/products/{draft['id']}", headers=callers.member())
    assert resp.status_code == 404


@pytest.mark.parametrize("sort", ["newest", "price_asc", "price_desc", "discount"])
def test_paging_stays_stable_while_products_change(catalog, sort):
    mid = catalog.merchant()
    for i in range(7):
        catalog.create(mid, name=f"椰子{i}", list_price=2000, member_price=1000 + (i % 3) * 100)
    expected = catalog.names(sort=sort, limit=100)
    seen, cursor, turn = [], None, 0
    while True:
        params = {"sort": sort, "limit": 3, **({"cursor": cursor} if cursor else {})}
        page = catalog.browse(**params)
        seen += [p["name"] for p in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
        # Meanwhile a new product arrives that sorts first; pages already cut do not shift.
        turn += 1
        catalog.create(mid, name=f"新品{turn}", list_price=2000, member_price=2000 - turn)
    # Every product seen exactly once, in order; newcomers sorting after the cursor may follow.
    assert seen[: len(expected)] == expected
    assert len(seen) == len(set(seen))
    assert all(name.startswith("新品") for name in seen[len(expected) :])


def test_list_page_is_cached_and_a_change_invalidates_it(catalog, shelf, redis_client):
    first = catalog.names(q="椰子")
    assert any(redis_client.scan_iter(match="cache:{catalog:products}:*"))
    mid = shelf["a"]
    catalog.create(mid, name="椰子冻")
    assert set(catalog.names(q="椰子")) == {*first, "椰子冻"}
