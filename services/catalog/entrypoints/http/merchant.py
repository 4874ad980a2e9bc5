"""A merchant's own products: list, create, change, publish and withdraw."""

from __future__ import annotations

from flask.views import MethodView

from services.catalog.domain import errors as e
from services.catalog.entrypoints.errors import blueprint
from services.catalog.entrypoints.http import schemas
from services.catalog.entrypoints.http.common import context
from services.catalog.service_layer import products
from shared.web.auth import own_merchant_id

# Why a product change is refused: the product's rules or the merchant's standing.
REFUSED_CHANGE = (e.InvalidProduct, e.InvalidStatusChange, e.MerchantNotActive, e.MerchantSuspended)

blp = blueprint(
    "merchant_products", __name__, "/api/v1/merchant/products", "A merchant's own products"
)


@blp.route("")
class OwnProducts(MethodView):
    @blp.view("merchant", query=schemas.OwnProductsQuery, answer=schemas.OwnProductPage)
    def get(self, query):
        """List your products in every status, newest first."""
        return products.own_products(context(), own_merchant_id(), **query)

    @blp.view(
        "merchant",
        body=schemas.ProductCreate,
        answer=schemas.OwnProduct,
        status=201,
        raises=REFUSED_CHANGE,
        idempotent=True,
    )
    def post(self, fields):
        """Add a product, as a draft or published at once."""
        return products.create_product(context(), own_merchant_id(), fields)


@blp.route("/<id:product_id>")
class OwnProduct(MethodView):
    @blp.view("merchant", answer=schemas.OwnProduct, raises=[e.ProductNotFound])
    def get(self, product_id):
        """Show one of your products."""
        return products.own_product(context(), own_merchant_id(), product_id)

    @blp.view(
        "merchant",
        body=schemas.ProductPatch,
        answer=schemas.OwnProduct,
        raises=[e.ProductNotFound, *REFUSED_CHANGE],
    )
    def patch(self, changes, product_id):
        """Change your product; `status` publishes or withdraws it."""
        return products.update_product(context(), own_merchant_id(), product_id, changes)

    @blp.view("merchant", answer=schemas.OwnProduct, raises=[e.ProductNotFound, *REFUSED_CHANGE])
    def delete(self, product_id):
        """Withdraw your product from sale (it stays in your list)."""
        return products.withdraw_product(context(), own_merchant_id(), product_id)
