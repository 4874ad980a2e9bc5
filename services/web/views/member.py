"""Member H5: home, search, product, claim, my vouchers, my redemptions."""

from __future__ import annotations

import uuid

from flask import Blueprint, render_template, request

from services.web import gateway
from services.web.guard import require, who
from services.web.problems import plain
from services.web.qr import qr_svg

bp = Blueprint("member", __name__)


def _items(answer) -> list:
    return answer.get("items", []) if answer.ok else []


@bp.get("/")
def home():
    data = gateway.call("GET", "/home")
    body = data.body if data.ok and isinstance(data.body, dict) else {}
    return render_template(
        "member/home.html",
        campaigns=body.get("open_campaigns", []),
        categories=body.get("categories", []),
        products=body.get("featured_products", []),
        degraded=body.get("degraded", []),
        idem=str(uuid.uuid4()),
    )


@bp.get("/search")
def search():
    q = (request.args.get("q") or "").strip()[:100]
    category = request.args.get("category") or None
    answer = gateway.call(
        "GET",
        "/products",
        params={"q": q, "category": category, "cursor": request.args.get("cursor")},
    )
    return render_template(
        "member/search.html",
        q=q,
        category=category,
        products=_items(answer),
        next_cursor=answer.get("next_cursor"),
        problem=None if answer.ok else plain(answer),
    )


@bp.get("/products/<product_id>")
def product(product_id: str):
    answer = gateway.call("GET", f"/products/{product_id}")
    if answer.status == 404:
        return render_template("error.html", message="这件商品已下架或不存在。"), 404
    return render_template(
        "member/product.html",
        p=answer.body,
        signed_in=who().get("role") == "member",
        idem=str(uuid.uuid4()),
    )


@bp.post("/campaigns/<campaign_id>/claim")
@require("member")
def claim(campaign_id: str):
    answer = gateway.call(
        "POST",
        f"/campaigns/{campaign_id}/claims",
        json={},
        idempotency_key=request.form.get("idem") or None,
    )
    result = {
        "ok": answer.ok,
        "message": None if answer.ok else plain(answer),
        "code": answer.code,
        "voucher": answer.body if answer.ok else None,
    }
    template = (
        "member/_claim_result.html" if request.headers.get("HX-Request") else "member/claimed.html"
    )
    return render_template(template, result=result), 200 if answer.ok or request.headers.get(
        "HX-Request"
    ) else answer.status


@bp.get("/me/vouchers")
@require("member")
def my_vouchers():
    status = request.args.get("status") or None
    answer = gateway.call("GET", "/me/vouchers", params={"status": status, "limit": 50})
    vouchers = _items(answer)
    for v in vouchers:
        v["qr"] = qr_svg(v.get("code", ""), v.get("display_code", ""))
    return render_template("member/vouchers.html", vouchers=vouchers, status=status)


@bp.get("/me/redemptions")
@require("member")
def my_redemptions():
    answer = gateway.call("GET", "/me/redemptions", params={"limit": 50})
    return render_template("member/redemptions.html", redemptions=_items(answer))
