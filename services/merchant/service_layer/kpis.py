"""Partners against the union's targets, and how fast ops review."""

from __future__ import annotations

from services.merchant.adapters import application_queries, merchant_queries
from services.merchant.service_layer.context import MerchantContext
from shared.reference.members import PARTNER_TARGETS


def merchant_kpis(ctx: MerchantContext) -> dict:
    """Active partners by type against 600 / 100, and review counts and median time."""
    now = ctx.now()
    with ctx.session_factory() as session:
        active = merchant_queries.active_by_partner_type(session)
        decided, median_seconds = application_queries.review_times(session)
        pending = application_queries.count(session, status="submitted")
        overdue = application_queries.count(session, status="submitted", overdue_at=now)
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
