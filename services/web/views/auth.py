"""Signing in: dev sessions minted with the dev keys, a merchant's API key, or (production)
a bearer token handed off by the union's identity provider."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

import jwt
from flask import Blueprint, abort, current_app, redirect, render_template, request, session

from services.web import gateway
from services.web.guard import safe_next
from services.web.security import csrf
from shared.reference.members import SEGMENTS
from shared.reference.regions import REGIONS

bp = Blueprint("auth", __name__)
HOME = {"member": "/", "merchant": "/merchant", "ops": "/ops"}
# A cheap read that only the role may make: the gateway verifies the credential for us.
PROBE = {
    "member": "/me/vouchers",
    "ops": "/ops/merchant-applications",
    "merchant": "/merchant/profile",
}


def _settings():
    return current_app.extensions["web_settings"]


def _start(who: dict, next_url: str | None):
    session.clear()
    session["who"] = who
    session.permanent = True
    return redirect(safe_next(next_url, HOME[who["role"]]))


@bp.get("/sign-in")
def sign_in():
    return render_template(
        "auth/sign_in.html",
        production=_settings().production,
        role=request.args.get("role", "member"),
        next=request.args.get("next", ""),
        error=None,
    )


@bp.post("/sign-in/dev")
def dev_sign_in():
    """Development only: mint a session with the project's dev identity-provider key."""
    if _settings().production:
        abort(403)
    from shared.dev_tokens import mint_token  # the one minting code of the project

    form = request.form
    role = form.get("role")
    if role == "member":
        segments = [s for s in form.getlist("segments") if s in SEGMENTS] or ["regular"]
        region = form.get("region") if form.get("region") in REGIONS else "460100"
        sub = (form.get("sub") or "m-demo-1001").strip()[:64]
        token = mint_token("member", sub, segments=segments, region=region, ttl_seconds=28800)
        who = {"role": "member", "token": token, "sub": sub, "segments": segments, "region": region}
        return _start(who, form.get("next"))
    if role == "ops":
        sub = (form.get("sub") or "ops-demo").strip()[:64]
        token = mint_token("ops", sub, ttl_seconds=28800)
        return _start({"role": "ops", "token": token, "sub": sub}, form.get("next"))
    if role == "merchant":
        # A dev shortcut: ops send the contact a new key link (never the key: nobody but the
        # contact sees it). Open it from
        # `python -m services.merchant.entrypoints.sms_outbox <id>`.
        ops_token = mint_token("ops", "ops-dev-sign-in", ttl_seconds=60)
        merchant_id = (form.get("merchant_id") or "").strip()
        answer = gateway.call(
            "POST",
            f"/ops/merchants/{merchant_id}/api-keys",
            headers={"Authorization": f"Bearer {ops_token}"},
            as_caller=False,
        )
        if not answer.ok:
            return _page_error("merchant", answer)
        return render_template(
            "auth/sign_in.html",
            production=False,
            role="merchant",
            next=form.get("next", ""),
            error=None,
            link_sent=answer.body,
        )
    abort(400)


@bp.post("/sign-in/merchant")
def merchant_key_sign_in():
    """A merchant signs in with its API key (from the contact's key link, or a rotation)."""
    return _merchant_session((request.form.get("api_key") or "").strip(), request.form.get("next"))


def _merchant_session(api_key: str | None, next_url: str | None):
    answer = gateway.call(
        "GET", PROBE["merchant"], headers={"X-Api-Key": api_key or "-"}, as_caller=False
    )
    if not answer.ok:
        return _page_error("merchant", answer)
    who = {
        "role": "merchant",
        "api_key": api_key,
        "merchant_id": answer.get("id"),
        "name": answer.get("legal_name"),
    }
    return _start(who, next_url)


def _page_error(role: str, answer):
    from services.web.problems import plain

    return render_template(
        "auth/sign_in.html",
        production=_settings().production,
        role=role,
        next=request.form.get("next", ""),
        error=plain(answer),
    ), 400 if answer.status < 500 else answer.status


@bp.get("/sign-in/start")
def start_idp():
    """Production: send the person to the identity provider, which posts a token back."""
    settings = _settings()
    if not settings.idp_authorize_url:
        abort(404)
    state = secrets.token_urlsafe(24)
    query = urlencode(
        {
            "client_id": settings.idp_client_id,
            "response_type": "id_token",
            "response_mode": "form_post",
            "scope": "openid",
            "redirect_uri": request.url_root.rstrip("/") + "/sign-in/handoff",
            "state": state,
            "nonce": secrets.token_urlsafe(16),
        }
    )
    resp = redirect(f"{settings.idp_authorize_url}?{query}")
    # The provider posts back cross-site, where a SameSite=Lax cookie is not sent: None + Secure.
    resp.set_cookie("idp_state", state, max_age=600, httponly=True, secure=True, samesite="None")
    return resp


@bp.post("/sign-in/handoff")
@csrf.exempt  # the identity provider posts here; the state cookie stands in for the token
def handoff():
    sent, expected = request.form.get("state", ""), request.cookies.get("idp_state", "")
    if not expected or not secrets.compare_digest(sent, expected):
        abort(400)
    token = request.form.get("id_token") or request.form.get("access_token") or ""
    try:
        role = jwt.decode(token, options={"verify_signature": False}).get("role")
    except jwt.PyJWTError:
        abort(400)
    if role not in ("member", "ops"):
        abort(403)
    # The gateway verifies the signature, issuer, audience and expiry; we only route.
    answer = gateway.call(
        "GET",
        PROBE[role],
        params={"limit": 1},
        headers={"Authorization": f"Bearer {token}"},
        as_caller=False,
    )
    if not answer.ok:
        abort(403)
    resp = _start({"role": role, "token": token}, None)
    resp.delete_cookie("idp_state")
    return resp


@bp.post("/sign-out")
def sign_out():
    session.clear()
    return redirect("/")
