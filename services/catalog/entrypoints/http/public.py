"""Browse the mall: categories, products members can buy now, and a product's detail."""

from __future__ import annotations

from functools import wraps

from flask import g, request
from flask.views import MethodView

from services.catalog.domain import errors as e
from services.catalog.entrypoints.errors import blueprint
from services.catalog.entrypoints.http import schemas
from services.catalog.entrypoints.http.common import context, json_text, renderer
from services.catalog.service_layer import browse
from shared.web.auth import ANYONE

blp = blueprint("catalog", __name__, "/api/v1", "Browse and search")

_tree = renderer(schemas.CategoryTree())
_page = renderer(schemas.ProductPage())
_detail = renderer(schemas.ProductDetail())


@blp.route("/categories")
class Categories(MethodView):
    @blp.view(*ANYONE, answer=schemas.CategoryTree)
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
    # One BrowseQuery instance: no schema built per request.
    @blp.view(
        *ANYONE, query=schemas.BrowseQuery(), answer=schemas.ProductPage, raises=[e.InvalidQuery]
    )
    def get(self, args):
        """Browse and search the products of active merchants."""
        return json_text(browse.list_page(context(), args, g.page_key, _page))


@blp.route("/products/<id:product_id>")
class Product(MethodView):
    @blp.view(*ANYONE, answer=schemas.ProductDetail, raises=[e.ProductNotFound])
    def get(self, product_id):
        """Show a product with its merchant and the stores that offer it."""
        return json_text(browse.product_detail(context(), product_id, _detail))
