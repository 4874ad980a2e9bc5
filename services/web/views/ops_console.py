"""Ops: the review queue, merchants' standing with its audit trail, dead letters."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from services.web import gateway
from services.web.guard import require
from services.web.problems import plain

bp = Blueprint("ops", __name__, url_prefix="/ops")
DECISIONS = ("approve", "reject", "return")
SERVICES = ("merchant", "catalog", "voucher", "gateway")


def _reason() -> str | None:
    return (request.form.get("reason") or "").strip()[:500] or None


@bp.get("")
@require("ops")
def home():
    return redirect(url_for("ops.queue"))


@bp.get("/queue")
@require("ops")
def queue():
    status = request.args.get("status", "submitted")
    answer = gateway.call(
        "GET",
        "/ops/merchant-applications",
        params={"status": status or None, "limit": 100, "overdue": request.args.get("overdue")},
    )
    return render_template(
        "ops/queue.html",
        items=answer.get("items", []) if answer.ok else [],
        status=status,
        problem=None if answer.ok else plain(answer),
    )


@bp.route("/applications/<application_id>", methods=["GET", "POST"])
@require("ops")
def application(application_id: str):
    decided, problem, key_link = None, None, None
    if request.method == "POST":
        action = request.form.get("action")
        if action not in DECISIONS:
            return redirect(url_for("ops.application", application_id=application_id))
        answer = gateway.call(
            "POST",
            f"/ops/merchant-applications/{application_id}/{action}",
            json={"reason": _reason()},
        )
        if answer.ok:
            decided, key_link = action, answer.get("key_link")
        else:
            problem = plain(answer)
    answer = gateway.call("GET", f"/ops/merchant-applications/{application_id}")
    if answer.status == 404:
        return render_template("error.html", message="没有这份申请。"), 404
    return render_template(
        "ops/application.html",
        a=answer.body,
        decided=decided,
        key_link=key_link,
        problem=problem,
    ), 422 if problem else 200


@bp.get("/merchants")
@require("ops")
def merchants():
    status = request.args.get("status") or None
    answer = gateway.call("GET", "/ops/merchants", params={"status": status, "limit": 100})
    return render_template(
        "ops/merchants.html", items=answer.get("items", []) if answer.ok else [], status=status
    )


@bp.route("/merchants/<merchant_id>", methods=["GET", "POST"])
@require("ops")
def merchant(merchant_id: str):
    problem, done = None, None
    if request.method == "POST":
        action = request.form.get("action")
        if action in ("suspend", "reinstate"):
            answer = gateway.call(
                "POST", f"/ops/merchants/{merchant_id}/{action}", json={"reason": _reason()}
            )
            done, problem = (action, None) if answer.ok else (None, plain(answer))
    found = gateway.call("GET", f"/ops/merchants/{merchant_id}")
    if found.status == 404:
        return render_template("error.html", message="没有这个商户。"), 404
    audit = gateway.call("GET", f"/ops/merchants/{merchant_id}/audit")
    return render_template(
        "ops/merchant.html",
        m=found.body,
        audit=audit.get("items", []) if audit.ok else [],
        problem=problem,
        done=done,
    ), 422 if problem else 200


@bp.route("/dead-letters", methods=["GET", "POST"])
@require("ops")
def dead_letters():
    service = request.values.get("service", "merchant")
    service = service if service in SERVICES else "merchant"
    outcome, problem = None, None
    if request.method == "POST":
        answer = gateway.call(
            "POST", f"/ops/dead-letters/{service}/{request.form.get('id', '0')}/replay", json={}
        )
        outcome, problem = (answer.body, None) if answer.ok else (None, plain(answer))
    answer = gateway.call("GET", "/ops/dead-letters", params={"service": service, "limit": 50})
    return render_template(
        "ops/dead_letters.html",
        items=answer.get("items", []) if answer.ok else [],
        service=service,
        services=SERVICES,
        outcome=outcome,
        problem=problem,
    )
