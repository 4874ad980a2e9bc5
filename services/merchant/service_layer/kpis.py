"""Partners against the union's targets, and how fast ops review."""

from __future__ import annotations

from statistics import median

from services.merchant.service_layer.deps import Deps
from shared.reference.members import PARTNER_TARGETS


def merchant_kpis(deps: Deps) -> dict:
    """Active partners by type against 600 / 100, and review counts and median time."""
    now = deps.now()
    with deps.uow() as uow:
        active = uow.merchants.count_active()
        durations = uow.applications.review_durations()
        pending = uow.applications.count(status="submitted")
        overdue = uow.applications.count(status="submitted", overdue_at=now)
    hours = [(decided - submitted).total_seconds() / 3600 for submitted, decided in durations]
    return {
        "partners": {
            t: {"active": active.get(t, 0), "target": target}
            for t, target in PARTNER_TARGETS.items()
        },
        "reviews": {
            "decided": len(hours),
            "median_review_hours": round(median(hours), 2) if hours else None,
            "pending": pending,
            "overdue": overdue,
        },
    }
