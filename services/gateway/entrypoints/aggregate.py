"""Views the front end needs in one call: product detail with campaigns, and the home page."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlencode

from flask import Response, current_app, g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from services.gateway.entrypoints.proxy import authorize
from services.gateway.errors import BadGateway
from services.gateway.response_cache import ResponseCache
from services.gateway.routes import find_route
from services.gateway.upstream import Upstreams
from shared.errors import DomainError
from shared.principal import Principal

logger = logging.getLogger(__name__)
blp = Blueprint("aggregate", __name__, url_prefix="/api/v1", description="Front-end views")


class HomeSchema(Schema):
    categories = fields.List(fields.Dict(), metadata={"description": "the category tree"})
    featured_products = fields.List(fields.Dict())
    open_campaigns = fields.List(fields.Dict(), metadata={"description": "eligibility for members"})
    degraded = fields.List(fields.String(), metadata={"description": "sections left out"})


def read(service: str, path: str, principal: Principal) -> dict:
    """GET from a service as the caller; anonymous reads come from the shared cache."""
    upstreams: Upstreams = current_app.extensions["gateway_upstreams"]
    cache: ResponseCache = current_app.extensions["gateway_cache"]

    def load() -> dict:
        resp = upstreams.request(service, "GET", path, principal, request_id=g.get("request_id"))
        return {
            "status": resp.status_code,
            "body": resp.text,
            "content_type": resp.headers.get("Content-Type", "application/json"),
        }

    base, _, query = path.partition("?")
    namespace = cache.namespace_for("GET", base, principal)
    return cache.fetch(namespace, base, query, load) if namespace else load()


def read_items(service: str, path: str, principal: Principal, section: str, degraded: list) -> list:
    """Return a list's items, or note the section as degraded when its service fails."""
    try:
        answer = read(service, path, principal)
        if answer["status"] == 200:
            body = json.loads(answer["body"])
            return body.get("items", []) if isinstance(body, dict) else body
        logger.warning("%s answered %s for %s", service, answer["status"], path)
    except (DomainError, ValueError) as err:
        logger.warning("%s left out of the view: %s", section, err)
    degraded.append(section)
    return []


def _query(**params: object) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


@blp.route("/products/<product_id>")
class ProductDetail(MethodView):
    @blp.response(200, description="The catalog's product, plus `campaigns` that apply to it")
    def get(self, product_id: str):
        """Show a product with its merchant, stores and the campaigns that apply to it."""
        principal = authorize(find_route("GET", f"/api/v1/products/{product_id}"))
        answer = read("catalog", f"/api/v1/products/{product_id}", principal)
        if answer["status"] != 200:
            return Response(answer["body"], answer["status"], content_type=answer["content_type"])
        try:
            product = json.loads(answer["body"])
        except ValueError:
            product = None
        if not isinstance(product, dict):
            raise BadGateway("The catalog sent a product the gateway cannot read.")
        merchant = product.get("merchant") if isinstance(product.get("merchant"), dict) else {}
        query = _query(
            merchant_id=product.get("merchant_id") or merchant.get("id"),
            category=product.get("category"),
            partner_type=product.get("partner_type") or merchant.get("partner_type"),
        )
        degraded: list[str] = []
        product["campaigns"] = read_items(
            "voucher", f"/api/v1/campaigns?{query}", principal, "campaigns", degraded
        )
        if degraded:
            product["degraded"] = degraded
        return product


@blp.route("/home")
class Home(MethodView):
    @blp.response(200, HomeSchema)
    def get(self):
        """Show the home page: categories, featured products and campaigns open now."""
        principal = authorize(find_route("GET", "/api/v1/categories"))
        settings = current_app.extensions["gateway_settings"]
        degraded: list[str] = []
        featured = _query(limit=settings.featured_limit)
        return {
            "categories": read_items(
                "catalog", "/api/v1/categories", principal, "categories", degraded
            ),
            "featured_products": read_items(
                "catalog", f"/api/v1/products?{featured}", principal, "featured_products", degraded
            ),
            "open_campaigns": read_items(
                "voucher", "/api/v1/campaigns", principal, "open_campaigns", degraded
            ),
            "degraded": degraded,
        }
