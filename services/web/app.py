"""create_app: the pages, their security headers, sessions and the gateway client."""

from __future__ import annotations

from flask import Flask, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError

from services.web import filters, health, security
from services.web.config import WebSettings
from services.web.gateway import GatewayAway, SignInAgain
from services.web.i18n import LANGS, current_lang
from services.web.sessions import MAX_AGE_SECONDS, SealedSessions

RETRY_AFTER_SECONDS = 5


def create_app(test_config: dict | None = None) -> Flask:
    settings = WebSettings.from_mapping(test_config)
    app = Flask(__name__)
    app.secret_key = settings.secret_key
    app.extensions["web_settings"] = settings
    app.session_interface = SealedSessions()
    app.config.update(
        SESSION_COOKIE_NAME="mall_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=settings.production,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=MAX_AGE_SECONDS,
        WTF_CSRF_TIME_LIMIT=MAX_AGE_SECONDS,
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    security.install(app)
    health.install(app)
    filters.install(app)
    _register(app)

    @app.before_request
    def _lang():
        g.lang = current_lang()

    @app.get("/lang/<lang>")
    def switch_lang(lang: str):
        back = request.args.get("next", "/")
        resp = redirect(back if back.startswith("/") and not back.startswith("//") else "/")
        if lang in LANGS:
            resp.set_cookie(
                "lang", lang, max_age=365 * 86400, samesite="Lax", secure=settings.production
            )
        return resp

    @app.errorhandler(GatewayAway)
    def _away(_err):
        resp = app.make_response((render_template("away.html"), 503))
        resp.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return resp

    @app.errorhandler(SignInAgain)
    def _sign_in_again(_err):
        role = (session.get("who") or {}).get("role", "member")
        session.clear()
        target = url_for("auth.sign_in", role=role, next=request.full_path, expired=1)
        resp = redirect(target)
        if request.headers.get("HX-Request"):
            resp.headers["HX-Redirect"] = target  # htmx follows this instead of a fragment
        return resp

    @app.errorhandler(CSRFError)
    def _csrf(_err):
        return render_template("error.html", message="表单已过期，请刷新页面后再提交。"), 400

    @app.errorhandler(404)
    def _missing(_err):
        return render_template("error.html", message="没有这个页面。"), 404

    @app.errorhandler(403)
    def _forbidden(_err):
        return render_template("error.html", message="您没有权限做这件事。"), 403

    @app.get("/favicon.ico")
    def favicon():
        return redirect(url_for("static", filename="favicon.svg"))

    return app


def _register(app: Flask) -> None:
    from services.web.views import (
        auth,
        member,
        merchant_apply,
        merchant_office,
        merchant_pos,
        ops_campaigns,
        ops_console,
        ops_kpis,
    )

    for module in (
        auth, member, merchant_apply, merchant_pos, merchant_office,
        ops_console, ops_campaigns, ops_kpis,
    ):  # fmt: skip
        app.register_blueprint(module.bp)
