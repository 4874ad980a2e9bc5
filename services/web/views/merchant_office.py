"""The merchant's back office: profile, products, stores, settlements with CSV, API key."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, redirect, render_template, request, session, url_for

from services.web import gateway
from services.web.forms import fen, whole
from services.web.guard import require, who
from services.web.problems import plain

SHANGHAI = ZoneInfo("Asia/Shanghai")

bp = Blueprint("office", __name__, url_prefix="/merchant")
STATEMENT_COLUMNS = (
    "period", "redemptions", "redeemed_subsidy", "reversals", "reversed_subsidy", "net_subsidy",
)  # fmt: skip


def _items(path: str, **params) -> list:
    answer = gateway.call("GET", path, params=params)
    return answer.get("items", []) if answer.ok else []


@bp.get("")
def home():
    if who().get("role") != "merchant":
        return render_template("merchant/landing.html")
    profile = gateway.call("GET", "/merchant/profile")
    dashboard = gateway.call("GET", "/merchant/dashboard")
    return render_template(
        "merchant/home.html",
        m=profile.body if profile.ok else {},
        d=dashboard.body if dashboard.ok else {},
    )


def _categories() -> list:
    answer = gateway.call("GET", "/categories", as_caller=False)
    return answer.get("items", []) if answer.ok else []


@bp.route("/products", methods=["GET", "POST"])
@require("merchant")
def products():
    errors, problem, values = {}, None, {"kind": "goods"}
    if request.method == "POST":
        f = request.form
        values = {
            "name": (f.get("name") or "").strip(),
            "description": (f.get("description") or "").strip(),
            "kind": f.get("kind") or "goods",
            "category": f.get("category") or "",
            "list_price": fen(f.get("list_price")),
            "member_price": fen(f.get("member_price")),
            "stock": whole(f.get("stock")),
            "online": f.get("online") == "on",
            "status": "published",
        }
        answer = gateway.call(
            "POST", "/merchant/products", json=values, idempotency_key=f.get("idem")
        )
        if answer.ok:
            return redirect(url_for("office.products", added=answer.get("id")))
        errors, problem = answer.field_errors, plain(answer)
    return render_template(
        "merchant/products.html",
        products=_items("/merchant/products", limit=100),
        categories=_categories(),
        errors=errors,
        problem=problem,
        v=values,
        added=request.args.get("added"),
        idem=str(uuid.uuid4()),
    ), 422 if problem else 200


@bp.post("/products/<product_id>/withdraw")
@require("merchant")
def withdraw(product_id: str):
    gateway.call("PATCH", f"/merchant/products/{product_id}", json={"status": "withdrawn"})
    return redirect(url_for("office.products"))


@bp.route("/stores", methods=["GET", "POST"])
@require("merchant")
def stores():
    errors, problem = {}, None
    if request.method == "POST":
        f = request.form
        body = {k: (f.get(k) or "").strip() for k in ("name", "address", "region")}
        answer = gateway.call("POST", "/merchant/stores", json=body)
        if answer.ok:
            return redirect(url_for("office.stores"))
        errors, problem = answer.field_errors, plain(answer)
    return render_template(
        "merchant/stores.html", stores=_items("/merchant/stores"), errors=errors, problem=problem
    ), 422 if problem else 200


def _statements(period: str | None) -> tuple[dict, str | None]:
    answer = gateway.call("GET", "/merchant/settlements", params={"period": period})
    return (answer.body, None) if answer.ok else ({"items": []}, plain(answer))


@bp.get("/settlements")
@require("merchant")
def settlements():
    # Statements are by Asia/Shanghai month: at 00:30 on the 1st there, UTC is still last month.
    period = request.args.get("period") or datetime.now(SHANGHAI).strftime("%Y-%m")
    report, problem = _statements(period)
    return render_template(
        "merchant/settlements.html", report=report, period=period, problem=problem
    )


@bp.get("/settlements.csv")
@require("merchant")
def settlements_csv():
    period = request.args.get("period") or None
    report, _problem = _statements(period)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(STATEMENT_COLUMNS)
    for row in report.get("items", []):
        writer.writerow([row.get(c, "") for c in STATEMENT_COLUMNS])
    name = f"settlement-{period or 'all'}.csv"
    return Response(
        "\ufeff" + out.getvalue(),  # a BOM so spreadsheet programs read the Chinese right
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/api-key", methods=["GET", "POST"])
@require("merchant")
def api_key():
    new_key, problem = None, None
    if request.method == "POST":
        answer = gateway.call("POST", "/merchant/api-keys", json={})
        if answer.ok:
            new_key = answer.get("api_key")
            # The old key stops working: this session carries on with the new one.
            session["who"] = {**who(), "api_key": new_key}
        else:
            problem = plain(answer)
    info = gateway.call("GET", "/merchant/api-keys")
    return render_template(
        "merchant/api_key.html", new_key=new_key, info=info.body if info.ok else {}, problem=problem
    )
