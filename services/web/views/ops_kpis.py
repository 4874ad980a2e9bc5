"""Ops: the KPI dashboard, with each chart's numbers also in a table."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, render_template

from services.web import charts, gateway
from services.web.guard import require
from services.web.problems import plain

bp = Blueprint("kpis", __name__, url_prefix="/ops/kpis")
MONTHS = 6
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _last_months(n: int) -> list[str]:
    now = datetime.now(SHANGHAI)  # settlement months are Asia/Shanghai months
    year, month, out = now.year, now.month, []
    for _ in range(n):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(out))


def _redemptions_by_month() -> list[tuple[str, int]]:
    rows = []
    for period in _last_months(MONTHS):
        answer = gateway.call("GET", "/ops/settlements", params={"period": period})
        items = answer.get("items", []) if answer.ok else []
        rows.append((period, sum(i.get("redemptions", 0) - i.get("reversals", 0) for i in items)))
    return rows


@bp.get("")
@require("ops")
def dashboard():
    answer = gateway.call("GET", "/ops/kpis")
    if not answer.ok:
        return render_template("error.html", message=plain(answer)), answer.status
    kpis = answer.body
    months = _redemptions_by_month()
    total = kpis.get("member_services", {}).get("total", 0)
    return render_template(
        "ops/kpis.html",
        k=kpis,
        months=months,
        goal=charts.MEMBER_SERVICES_GOAL,
        review_target=charts.REVIEW_TARGET_HOURS,
        charts={
            "partners": charts.partners(kpis),
            "services": charts.member_services(months, total),
            "subsidy": charts.subsidy(kpis),
            "reviews": charts.reviews(kpis),
        },
    )
