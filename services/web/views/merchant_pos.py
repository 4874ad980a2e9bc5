"""The counter: type or scan a code, see discount, subsidy and payable, confirm, reverse."""

from __future__ import annotations

import uuid

from flask import Blueprint, render_template, request

from services.web import gateway
from services.web.forms import fen
from services.web.guard import require
from services.web.problems import plain

bp = Blueprint("pos", __name__, url_prefix="/merchant/counter")


def _stores() -> list:
    answer = gateway.call("GET", "/merchant/stores")
    return answer.get("items", []) if answer.ok else []


def _purchase() -> dict:
    f = request.form
    channel = f.get("channel") or "offline"
    return {
        "code": (f.get("code") or "").strip(),
        "order_amount": fen(f.get("order_amount")),
        "channel": channel,
        "store_id": (f.get("store_id") or None) if channel == "offline" else None,
    }


def _panel(template: str, status: int = 200, **context):
    """A fragment for htmx, or the whole counter page without it."""
    if request.headers.get("HX-Request"):
        return render_template(template, **context), 200
    return render_template(
        "merchant/counter.html", panel=template, stores=_stores(), **context
    ), status


@bp.get("")
@require("merchant")
def counter():
    return render_template("merchant/counter.html", panel=None, stores=_stores())


@bp.post("/quote")
@require("merchant")
def quote():
    purchase = _purchase()
    answer = gateway.call("POST", "/merchant/redemptions/quote", json=purchase)
    if not answer.ok:
        return _panel(
            "merchant/_pos_problem.html", 422, problem=plain(answer), errors=answer.field_errors
        )
    return _panel(
        "merchant/_pos_quote.html", purchase=purchase, q=answer.body, idem=str(uuid.uuid4())
    )


@bp.post("/redeem")
@require("merchant")
def redeem():
    answer = gateway.call(
        "POST", "/merchant/redemptions", json=_purchase(), idempotency_key=request.form.get("idem")
    )
    if not answer.ok:
        return _panel(
            "merchant/_pos_problem.html", 422, problem=plain(answer), errors=answer.field_errors
        )
    return _panel("merchant/_pos_done.html", r=answer.body)


@bp.post("/redemptions/<redemption_id>/reverse")
@require("merchant")
def reverse(redemption_id: str):
    reason = (request.form.get("reason") or "").strip()[:500] or None
    answer = gateway.call(
        "POST",
        f"/merchant/redemptions/{redemption_id}/reversal",
        json={"reason": reason},
        idempotency_key=request.form.get("idem"),
    )
    if not answer.ok:
        return _panel("merchant/_pos_problem.html", 422, problem=plain(answer), errors={})
    return _panel("merchant/_pos_reversed.html", r=answer.body)
