"""Browse the mall: categories, products members can buy now, and a product's detail."""

from __future__ import annotations

from functools import wraps

from flask import g, request
from flask.views import MethodView
from flask_smorest import Blueprint

from services.catalog.domain import errors as e
from services.catalog.entrypoints.errors import raises
from services.catalog.entrypoints.http import schemas
from services.catalog.entrypoints.http.common import context, json_text, renderer
from services.catalog.service_layer import browse

blp = Blueprint("catalog", __name__, url_prefix="/api/v1", description="Browse and search")

_tree = renderer(schemas.CategoryTree())
_page = renderer(schemas.ProductPage())
_detail = renderer(schemas.ProductDetail())


@blp.route("/categories")
class Categories(MethodView):
    @blp.response(200, schemas.CategoryTree)
    def get(self):
        """Show the category tree."""
        return json_text(browse.category_tree(context(), _tree))


def _served_from_cache(view):
    """Answer a cached page before any parsing; otherwise validate and load as usual."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        g.page_key = browse.page_key(list(request.args.items(multi=True)))
        body = browse.cached_page(context(), g.page_key)
        return json_text(body) if body is not None else view(*args, **kwargs)

    return wrapper


@blp.route("/products")
class Products(MethodView):
    @_served_from_cache
    @blp.arguments(schemas.BrowseQuery(), location="query")  # one instance: no per-request build
    @blp.response(200, schemas.ProductPage)
    @raises(e.InvalidQuery)
    def get(self, args):
        """Browse and search the products of active merchants."""
        return json_text(browse.list_page(context(), args, g.page_key, _page))


@blp.route("/products/<id:product_id>")
class Product(MethodView):
    @blp.response(200, schemas.ProductDetail)
    @raises(e.ProductNotFound)
    def get(self, product_id):
        """Show a product with its merchant and the stores that offer it."""
        return json_text(browse.product_detail(context(), product_id, _detail))
