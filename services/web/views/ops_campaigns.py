"""Ops: campaigns drafted with the budget check shown before saving, published, closed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from flask import Blueprint, redirect, render_template, request, url_for

from services.web import gateway
from services.web.forms import fen, whole
from services.web.guard import require
from services.web.problems import plain

bp = Blueprint("campaigns", __name__, url_prefix="/ops/campaigns")
BEIJING = timedelta(hours=8)


def _utc(local: str | None) -> str | None:
    """A datetime-local value in Beijing time as RFC 3339 UTC."""
    try:
        moment = datetime.fromisoformat(local or "")
    except ValueError:
        return local or None
    return (moment - BEIJING).replace(tzinfo=UTC).isoformat()


def _read() -> dict:
    f = request.form
    benefit = {
        "type": f.get("benefit_type") or "amount_off",
        "threshold": fen(f.get("threshold")) or 0,
    }
    if benefit["type"] == "percent_off":
        benefit.update(percent=whole(f.get("percent")), cap=fen(f.get("cap")))
    else:
        benefit["amount_off"] = fen(f.get("amount_off"))
    body = {
        "name": (f.get("name") or "").strip(),
        "description": (f.get("description") or "").strip(),
        "benefit": benefit,
        "subsidy": fen(f.get("subsidy")),
        "quantity": whole(f.get("quantity")),
        "budget": fen(f.get("budget")),
        "per_member_limit": whole(f.get("per_member_limit")) or 1,
        "segments": f.getlist("segments"),
        "regions": f.getlist("regions"),
        "scope": {
            "partner_types": f.getlist("partner_types"),
            "categories": f.getlist("categories"),
            "channels": f.getlist("channels") or ["online", "offline"],
        },
        "claim_starts_at": _utc(f.get("claim_starts_at")),
        "claim_ends_at": _utc(f.get("claim_ends_at")),
    }
    if whole(f.get("valid_days")):
        body["valid_days"] = whole(f.get("valid_days"))
    return body


def budget_check(body: dict) -> dict:
    """What the voucher service will hold the draft to: quantity x subsidy within the budget."""
    q, s, b = body.get("quantity"), body.get("subsidy"), body.get("budget")
    if not all(isinstance(x, int) for x in (q, s, b)):
        return {"known": False}
    return {"known": True, "needed": q * s, "budget": b, "holds": q * s <= b, "spare": b - q * s}


def _categories() -> list:
    answer = gateway.call("GET", "/categories", as_caller=False)
    return answer.get("items", []) if answer.ok else []


def _local(moment: datetime) -> str:
    return (moment + BEIJING).strftime("%Y-%m-%dT%H:%M")


@bp.get("")
@require("ops")
def index():
    status = request.args.get("status") or None
    answer = gateway.call("GET", "/ops/campaigns", params={"status": status, "limit": 100})
    return render_template(
        "ops/campaigns.html", items=answer.get("items", []) if answer.ok else [], status=status
    )


@bp.route("/new", methods=["GET", "POST"])
@require("ops")
def new():
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    form = (
        request.form
        if request.method == "POST"
        else {
            "claim_starts_at": _local(now),
            "claim_ends_at": _local(now + timedelta(days=30)),
            "per_member_limit": "1",
            "valid_days": "30",
            "benefit_type": "amount_off",
        }
    )
    errors, problem = {}, None
    if request.method == "POST":
        body = _read()
        answer = gateway.call("POST", "/ops/campaigns", json=body, idempotency_key=form.get("idem"))
        if answer.ok:
            return redirect(url_for("campaigns.show", campaign_id=answer.get("id")))
        errors, problem = answer.field_errors, plain(answer)
    return render_template(
        "ops/campaign_new.html",
        f=form,
        errors=errors,
        problem=problem,
        categories=_categories(),
        check=budget_check(_read()) if request.method == "POST" else {"known": False},
        idem=form.get("idem") or str(uuid.uuid4()),
    ), 422 if problem else 200


@bp.post("/check")
@require("ops")
def check():
    """The htmx budget check, shown beside the form before saving."""
    return render_template("ops/_budget_check.html", check=budget_check(_read()))


@bp.route("/<campaign_id>", methods=["GET", "POST"])
@require("ops")
def show(campaign_id: str):
    problem = None
    if request.method == "POST" and request.form.get("action") in ("publish", "close"):
        answer = gateway.call(
            "POST", f"/ops/campaigns/{campaign_id}/{request.form['action']}", json={}
        )
        problem = None if answer.ok else plain(answer)
    answer = gateway.call("GET", f"/ops/campaigns/{campaign_id}")
    if answer.status == 404:
        return render_template("error.html", message="没有这个活动。"), 404
    return render_template("ops/campaign.html", c=answer.body, problem=problem)
