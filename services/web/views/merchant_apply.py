"""Merchant onboarding: the application form, the credit-code check as typed, the status page,
and the page the contact's one-time key link opens."""

from __future__ import annotations

import uuid

from flask import Blueprint, render_template, request

from services.web import gateway
from services.web.credit_code import problems as credit_code_problems
from services.web.i18n import gettext as _
from services.web.problems import plain

bp = Blueprint("apply", __name__, url_prefix="/merchant")
STORE_ROWS = 3
STORE_FIELDS = ("name", "address", "region")


def _categories() -> list:
    answer = gateway.call("GET", "/categories", as_caller=False)
    return answer.get("items", []) if answer.ok else []


def _form_page(values: dict, errors: dict, problem: str | None = None, status: int = 200):
    stores = values.get("stores") or []
    stores = stores + [{}] * (STORE_ROWS - len(stores))
    return render_template(
        "merchant/apply.html",
        v=values,
        stores=stores,
        errors=errors,
        problem=problem,
        categories=_categories(),
        idem=request.form.get("idem") or str(uuid.uuid4()),
    ), status


@bp.get("/apply")
def apply_form():
    return _form_page({"partner_type": "discount_partner", "region": "460100"}, {})


@bp.get("/apply/credit-code")
def check_credit_code():
    """The htmx check as the code is typed: a hint under the field."""
    found = credit_code_problems(request.args.get("credit_code", ""))
    return render_template("merchant/_credit_code_hint.html", problems=found)


def _read_form() -> dict:
    f = request.form
    stores = []
    for i in range(STORE_ROWS):
        row = {k: (f.get(f"stores-{i}-{k}") or "").strip() for k in STORE_FIELDS}
        if any(row.values()):
            stores.append(row)
    discount = (f.get("discount_percent") or "").strip()
    return {
        "legal_name": (f.get("legal_name") or "").strip(),
        "credit_code": (f.get("credit_code") or "").strip().upper(),
        "partner_type": f.get("partner_type") or "",
        "contact_name": (f.get("contact_name") or "").strip(),
        "contact_mobile": (f.get("contact_mobile") or "").strip(),
        "region": f.get("region") or "",
        "categories": f.getlist("categories"),
        "stores": stores,
        "discount_percent": int(discount) if discount.isdigit() else discount,
        "description": (f.get("description") or "").strip(),
    }


@bp.post("/apply")
def apply_submit():
    values = _read_form()
    answer = gateway.call(
        "POST",
        "/merchant-applications",
        json=values,
        idempotency_key=request.form.get("idem"),
        as_caller=False,
    )
    if answer.ok:
        return render_template("merchant/applied.html", a=answer.body)
    errors = answer.field_errors
    if answer.code == "duplicate_credit_code":
        errors.setdefault("credit_code", []).append(plain(answer))
    if not values["stores"]:
        errors.setdefault("stores", [_("至少填写一家门店。")])
    return _form_page(values, errors, plain(answer), 422 if answer.status < 500 else answer.status)


@bp.route("/application-status", methods=["GET", "POST"])
def application_status():
    """Read an application back with its id and the secret shown once at submission."""
    app_id = (request.values.get("application_id") or "").strip()
    found, problem = None, None
    if request.method == "POST":
        answer = gateway.call(
            "GET",
            f"/merchant-applications/{app_id or '-'}",
            headers={"X-Application-Secret": request.form.get("secret") or "-"},
            as_caller=False,
        )
        found, problem = (answer.body, None) if answer.ok else (None, plain(answer))
    return render_template("merchant/status.html", application_id=app_id, a=found, problem=problem)


@bp.route("/key", methods=["GET", "POST"])
def key_link():
    """The one-time link sent to the contact (`KEY_LINK_URL`): make the key, show it this once.

    The token travels after `#`, which browsers never send; `key_link.js` moves it into the form.
    """
    key, problem = None, None
    if request.method == "POST":
        answer = gateway.call(
            "POST",
            "/merchant-key-retrievals",
            json={"token": (request.form.get("token") or "").strip()},
            as_caller=False,
        )
        key, problem = (answer.get("api_key"), None) if answer.ok else (None, plain(answer))
    page = render_template("merchant/key_link.html", key=key, problem=problem)
    return page, 422 if problem else 200
