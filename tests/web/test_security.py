"""Security of the pages without a browser: CSP, cookie flags, sealed sessions, CSRF, and the
dev sign-in refused in production."""

from __future__ import annotations

import re

import pytest

from services.web.app import create_app
from shared.config import InsecureSettings

PRODUCTION = {"env": "production", "secret_key": "a-real-secret-0123456789abcdef0123456789"}


def _csrf(client, path="/sign-in") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def _cookie(resp, name: str) -> str:
    return next(h for h in resp.headers.getlist("Set-Cookie") if h.startswith(name + "="))


def test_pages_carry_a_strict_content_security_policy_and_serve_their_own_assets():
    client = create_app().test_client()
    page = client.get("/sign-in")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe" not in csp
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert '<script src="/static/vendor/htmx-2.0.4.min.js"' in page.text
    assert "http" not in re.sub(r"https?://127\.0\.0\.1[^\"']*", "", page.text.split("<main")[0])
    htmx = client.get("/static/vendor/htmx-2.0.4.min.js")
    assert htmx.status_code == 200 and b"htmx" in htmx.data


def test_a_development_session_is_sealed_httponly_and_lax_and_needs_the_csrf_token():
    client = create_app().test_client()
    refused = client.post("/sign-in/dev", data={"role": "member"})
    assert refused.status_code == 400  # no CSRF token
    signed = client.post(
        "/sign-in/dev", data={"role": "member", "sub": "m-1", "csrf_token": _csrf(client)}
    )
    assert signed.status_code == 302
    cookie = _cookie(signed, "mall_session")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    assert "eyJ" not in value and "m-1" not in value  # the bearer token is not readable


def test_production_refuses_the_dev_sign_in_and_sets_secure_cookies():
    app = create_app(PRODUCTION)
    client = app.test_client()
    page = client.get("/sign-in")
    assert "dev-member" not in page.text and "/sign-in/start" in page.text
    assert "Secure" in _cookie(page, "mall_session")
    resp = client.post(
        "/sign-in/dev", data={"role": "ops", "sub": "x", "csrf_token": _csrf(client)}
    )
    assert resp.status_code == 403
    handoff = client.post("/sign-in/handoff", data={"state": "forged", "id_token": "x"})
    assert handoff.status_code == 400


def test_production_will_not_start_with_the_development_secret():
    with pytest.raises(InsecureSettings):
        create_app({"env": "production"})


def test_the_language_switch_goes_only_to_this_site():
    client = create_app().test_client()
    resp = client.get("/lang/en?next=//evil.example/")
    assert resp.headers["Location"] == "/" and "lang=en" in _cookie(resp, "lang")


def test_chinese_first_with_an_english_switch():
    client = create_app().test_client()
    assert "以会员身份登录" in client.get("/sign-in").text
    client.get("/lang/en?next=/sign-in")
    page = client.get("/sign-in").text
    assert "Sign in as a member" in page and 'lang="en"' in page


def test_the_process_serves_health_and_metrics_like_every_other():
    client = create_app().test_client()
    assert client.get("/healthz").status_code == 200
    client.get("/sign-in")
    assert 'service="web"' in client.get("/metrics").text
