"""The demo mall, planned deterministically: the same scale always plans the same data."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from services.mallctl.catalogue import BRANDS, PRODUCTS_BY_CATEGORY, STREETS
from services.mallctl.credit_code import credit_code
from shared.reference.categories import CATEGORY_TREE
from shared.reference.members import PARTNER_TARGETS
from shared.reference.regions import REGIONS

# Haikou and Sanya hold most businesses; every other region still gets its share.
REGION_WEIGHTS = {"460100": 30, "460200": 18, "460400": 6, "469002": 5, "469005": 5}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林符羊云邢"
GIVEN = ["海燕", "志强", "丽娟", "建华", "晓明", "秀英", "国庆", "春梅", "文斌", "美玲"]


@dataclass(frozen=True)
class ProductPlan:
    key: str
    name: str
    name_en: str
    category: str
    kind: str
    list_price: int
    member_price: int
    stock: int


@dataclass(frozen=True)
class MerchantPlan:
    key: str  # the credit code: stable, unique, what the merchant service dedups on
    partner_type: str
    legal_name: str
    name_en: str
    region: str
    category: str
    subcategories: tuple[str, ...]
    contact_name: str
    contact_mobile: str
    discount_percent: int
    stores: tuple[dict, ...]
    products: tuple[ProductPlan, ...] = field(default_factory=tuple)


def merchant_counts(scale: float) -> dict[str, int]:
    """Partners per type: the union's targets (600 and 100) times the scale, at least 1."""
    return {kind: max(1, round(target * scale)) for kind, target in PARTNER_TARGETS.items()}


def plan_merchants(scale: float = 1.0, products_per_merchant: int = 5) -> list[MerchantPlan]:
    """Plan every partner, spread over all 19 regions and all categories."""
    rng = random.Random(20261128)  # fixed: a second run plans exactly the same data
    regions = list(REGIONS)
    weights = [REGION_WEIGHTS.get(r, 2) for r in regions]
    plans: list[MerchantPlan] = []
    serial = 0
    for partner_type, count in merchant_counts(scale).items():
        for i in range(count):
            region = (
                regions[serial % len(regions)]
                if serial < len(regions)
                else (rng.choices(regions, weights)[0])
            )
            top, cat_en, cat_zh, children = CATEGORY_TREE[serial % len(CATEGORY_TREE)]
            plans.append(
                _merchant(
                    rng,
                    serial,
                    partner_type,
                    region,
                    top,
                    cat_en,
                    children,
                    i,
                    products_per_merchant,
                )
            )
            serial += 1
    return plans


def _merchant(rng, serial, partner_type, region, top, cat_en, children, i, n_products):
    code = credit_code(region, 100_000 + serial)
    city_en, city_zh = REGIONS[region]
    brand_zh, brand_en = BRANDS[serial % len(BRANDS)]
    shop_zh, shop_en = (
        ("公益服务中心", "Community Service Centre")
        if partner_type == "welfare_partner"
        else ("商贸有限公司", "Trading Co., Ltd.")
    )
    number = f"{serial + 1:03d}"
    subcats = tuple(child for child, _e, _z in children)
    stores = tuple(
        {
            "name": f"{city_zh}{brand_zh}{k + 1}号店",
            "region": region,
            "address": f"{city_zh}{STREETS[(serial + k) % len(STREETS)]}{rng.randint(1, 300)}号",
        }
        for k in range(1 + serial % 2)
    )
    products = tuple(_product(rng, code, k, subcats[k % len(subcats)]) for k in range(n_products))
    return MerchantPlan(
        key=code,
        partner_type=partner_type,
        legal_name=f"{city_zh}{brand_zh}{shop_zh}（{number}）",
        name_en=f"{city_en} {brand_en} {shop_en} No. {number}",
        region=region,
        category=top,
        subcategories=subcats,
        contact_name=SURNAMES[serial % len(SURNAMES)] + GIVEN[serial % len(GIVEN)],
        contact_mobile=f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}",
        discount_percent=rng.choice((5, 8, 10, 12, 15, 20)),
        stores=stores,
        products=products,
    )


def _product(rng, merchant_key: str, k: int, subcategory: str) -> ProductPlan:
    zh, en, kind, low, high = rng.choice(PRODUCTS_BY_CATEGORY[subcategory])
    list_price = rng.randint(low, high) * 100
    member_price = list_price * rng.choice((70, 80, 85, 90, 95)) // 100
    variant = f"{k + 1}"
    return ProductPlan(
        key=f"{merchant_key}-{k}",
        name=f"{zh}（{variant}号）",
        name_en=f"{en} No. {variant}",
        category=subcategory,
        kind=kind,
        list_price=list_price,
        member_price=member_price,
        stock=rng.choice((50, 100, 200, 500)),
    )
