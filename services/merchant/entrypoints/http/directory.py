"""The public directory of active partner merchants, with their stores."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.merchant.domain import errors as e
from services.merchant.entrypoints.errors import raises
from services.merchant.entrypoints.http.common import PUBLIC, context
from services.merchant.entrypoints.http.schemas_in import DirectoryQuery
from services.merchant.entrypoints.http.schemas_out import MerchantPublic, PublicPage
from services.merchant.service_layer import standing
from shared.web.auth import require_role

blp = Blueprint(
    "merchant_directory",
    __name__,
    url_prefix="/api/v1/merchants",
    description="Partner directory (public)",
)


@blp.route("")
class Directory(MethodView):
    @require_role(*PUBLIC)
    @blp.arguments(DirectoryQuery, location="query")
    @blp.response(200, PublicPage)
    def get(self, query):
        """List active merchants by partner type, region (seat or store) and category."""
        return standing.directory(
            context(),
            partner_type=query.get("partner_type"),
            region=query.get("region"),
            category=query.get("category"),
            limit=query["limit"],
            cursor=query["cursor"],
        )


@blp.route("/<id:merchant_id>")
class DirectoryEntry(MethodView):
    @require_role(*PUBLIC)
    @blp.response(200, MerchantPublic)
    @raises(e.MerchantNotFound)
    def get(self, merchant_id):
        """Show one active merchant with its stores."""
        return standing.public_detail(context(), merchant_id)
