"""Partners against the union's targets, and how fast ops review."""

from __future__ import annotations

from services.merchant.service_layer.context import MerchantContext
from shared.reference.members import PARTNER_TARGETS


def merchant_kpis(ctx: MerchantContext) -> dict:
    """Active partners by type against 600 / 100, and review counts and median time."""
    now = ctx.now()
    with ctx.uow() as uow:
        active = uow.merchants.count_active()
        decided, median_seconds = uow.applications.review_times()
        pending = uow.applications.count(status="submitted")
        overdue = uow.applications.count(status="submitted", overdue_at=now)
    return {
        "partners": {
            t: {"active": active.get(t, 0), "target": target}
            for t, target in PARTNER_TARGETS.items()
        },
        "reviews": {
            "decided": decided,
            "median_review_hours": None
            if median_seconds is None
            else round(median_seconds / 3600, 2),
            "pending": pending,
            "overdue": overdue,
        },
    }
