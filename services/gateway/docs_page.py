"""`/docs`: Swagger UI from the `swagger-ui-bundle` package, never a CDN, under a strict CSP.

Ops paste tokens into this page, so it runs only scripts of this origin (no inline ones, no
third-party host that could be changed or blocked) and works on an intranet without internet.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, abort, send_from_directory
from swagger_ui_bundle import swagger_ui_path

ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"})
CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # Swagger UI sets style attributes as it renders
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Union mall API</title>
<link rel="icon" href="/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head><body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>"""
INIT = 'window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#ui", deepLinking: true});\n'

bp = Blueprint("gateway_docs", __name__)


def guarded(resp: Response) -> Response:
    resp.headers["Content-Security-Policy"] = CSP
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "no-referrer"
    return resp


@bp.get("/docs")
def docs() -> Response:
    return guarded(Response(PAGE, mimetype="text/html"))


@bp.get("/docs/init.js")
def init_script() -> Response:
    return guarded(Response(INIT, mimetype="text/javascript"))


@bp.get("/docs/assets/<name>")
def asset(name: str) -> Response:
    if name not in ASSETS:
        abort(404)
    resp = send_from_directory(swagger_ui_path, name, max_age=86400)
    return guarded(resp)


def install_docs(app: Flask) -> None:
    app.register_blueprint(bp)
