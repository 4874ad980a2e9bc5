"""Headers every page carries: a strict Content-Security-Policy and friends; CSRF on forms."""

from __future__ import annotations

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

# Every script and style comes from this app; no inline code, no CDN.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
# A chart is an SVG image with its own <style>: it runs no script and is shown through <img>.
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"

csrf = CSRFProtect()


def install(app: Flask) -> None:
    csrf.init_app(app)

    @app.after_request
    def _headers(resp):
        svg = resp.mimetype == "image/svg+xml"
        resp.headers.setdefault("Content-Security-Policy", SVG_CSP if svg else PAGE_CSP)
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "same-origin"
        resp.headers["X-Frame-Options"] = "DENY"
        if not request.path.startswith("/static/"):
            resp.headers.setdefault("Cache-Control", "no-store")
        return resp
