"""Turn planned demo data into the request bodies of the gateway's public API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.mallctl.demo_data import MerchantPlan, ProductPlan

# The form's fields that the plan holds under the same names.
FORM_FIELDS = (
    "legal_name", "partner_type", "contact_name", "contact_mobile", "region", "discount_percent",
)  # fmt: skip


def application_body(plan: MerchantPlan) -> dict:
    """The onboarding form a partner fills in (POST /api/v1/merchant-applications)."""
    return {
        **{name: getattr(plan, name) for name in FORM_FIELDS},
        "credit_code": plan.key,
        "categories": [plan.category, *plan.subcategories],
        "stores": [dict(s) for s in plan.stores],
        "description": plan.name_en,
    }


def product_body(product: ProductPlan) -> dict:
    """A product as the merchant's back office creates it (POST /api/v1/merchant/products)."""
    return {
        "name": product.name,
        "name_en": product.name_en,
        "description": "工会会员专享价。Union members' price.",
        "category": product.category,
        "kind": product.kind,
        "list_price": product.list_price,
        "member_price": product.member_price,
        "stock": product.stock,
        "online": True,
        "status": "published",
    }


def campaign_bodies(now: datetime | None = None) -> list[tuple[str, dict]]:
    """The union's demo campaigns, open for claiming now: (idempotency slug, body)."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    # Fixed times per day, so that a second seed the same day sends the same bodies.
    start = now.replace(hour=0, minute=0, second=0)
    claim_end = start + timedelta(days=30)
    valid_end = start + timedelta(days=60)

    def campaign(name, off, threshold, qty, limit, segments, regions, categories):
        return {
            "name": name,
            "description": "工会普惠活动 The union's inclusive-benefits campaign.",
            "benefit": {"type": "amount_off", "threshold": threshold, "amount_off": off},
            "subsidy": off,  # the union funds the whole discount
            "quantity": qty,
            "budget": off * qty,
            "per_member_limit": limit,
            "segments": segments,
            "regions": regions,
            "scope": {"categories": categories},
            "claim_starts_at": start.isoformat(),
            "claim_ends_at": claim_end.isoformat(),
            "valid_from": start.isoformat(),
            "valid_until": valid_end.isoformat(),
        }

    everywhere: list[str] = []  # no region list: every region
    return [
        (
            "holiday-retention",
            campaign(
                "暖心留工春节消费券 Holiday retention voucher",
                10000,
                0,
                5000,
                1,
                [],
                everywhere,
                [],
            ),
        ),
        (
            "winter-warmth",
            campaign(
                "冬季送温暖生鲜券 Winter warmth groceries voucher",
                3000,
                5000,
                20000,
                2,
                ["hardship", "regular"],
                everywhere,
                ["groceries"],
            ),
        ),
        (
            "riders",
            campaign(
                "新就业形态劳动者关爱券 Couriers and riders care voucher",
                2000,
                3000,
                10000,
                3,
                ["new_employment"],
                everywhere,
                [],
            ),
        ),
        (
            "health-tour",
            campaign(
                "职工健康游补贴 Worker health tour subsidy",
                50000,
                100000,
                608,
                1,
                ["model_worker", "regular"],
                ["460100", "460200", "469002"],
                ["travel-health"],
            ),
        ),
    ]
