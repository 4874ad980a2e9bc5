"""A merchant's own products: list, create, change, publish and withdraw."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.catalog.domain import errors as e
from services.catalog.entrypoints.errors import raises
from services.catalog.entrypoints.http import schemas
from services.catalog.entrypoints.http.common import context
from services.catalog.service_layer import products
from shared.web.auth import current_principal, require_role
from shared.web.idempotency import idempotent

# Why a product change is refused: the product's rules or the merchant's standing.
REFUSED_CHANGE = (e.InvalidProduct, e.InvalidStatusChange, e.MerchantNotActive, e.MerchantSuspended)

blp = Blueprint(
    "merchant_products",
    __name__,
    url_prefix="/api/v1/merchant/products",
    description="A merchant's own products",
)


@blp.route("")
class OwnProducts(MethodView):
    @require_role("merchant")
    @blp.arguments(schemas.OwnProductsQuery, location="query")
    @blp.response(200, schemas.OwnProductPage)
    def get(self, args):
        """List your products in every status, newest first."""
        merchant_id = current_principal().merchant_id
        return products.own_products(
            context(), merchant_id, args["status"], args["limit"], args["cursor"]
        )

    @idempotent
    @require_role("merchant")
    @blp.arguments(schemas.ProductCreate)
    @blp.response(201, schemas.OwnProduct)
    @raises(*REFUSED_CHANGE)
    def post(self, fields):
        """Add a product, as a draft or published at once."""
        return products.create_product(context(), current_principal().merchant_id, fields)


@blp.route("/<id:product_id>")
class OwnProduct(MethodView):
    @require_role("merchant")
    @blp.response(200, schemas.OwnProduct)
    @raises(e.ProductNotFound)
    def get(self, product_id):
        """Show one of your products."""
        return products.own_product(context(), current_principal().merchant_id, product_id)

    @require_role("merchant")
    @blp.arguments(schemas.ProductPatch)
    @blp.response(200, schemas.OwnProduct)
    @raises(e.ProductNotFound, *REFUSED_CHANGE)
    def patch(self, changes, product_id):
        """Change your product; `status` publishes or withdraws it."""
        merchant_id = current_principal().merchant_id
        return products.update_product(context(), merchant_id, product_id, changes)

    @require_role("merchant")
    @blp.response(200, schemas.OwnProduct)
    @raises(e.ProductNotFound, *REFUSED_CHANGE)
    def delete(self, product_id):
        """Withdraw your product from sale (it stays in your list)."""
        merchant_id = current_principal().merchant_id
        return products.withdraw_product(context(), merchant_id, product_id)
