"""The public directory of active partner merchants, with their stores."""

from __future__ import annotations

from flask.views import MethodView

from services.merchant.domain import errors as e
from services.merchant.entrypoints.errors import blueprint
from services.merchant.entrypoints.http.common import context
from services.merchant.entrypoints.http.schemas_in import DirectoryQuery
from services.merchant.entrypoints.http.schemas_out import MerchantPublic, PublicPage
from services.merchant.service_layer import standing
from shared.web.auth import ANYONE

blp = blueprint("merchant_directory", __name__, "/api/v1/merchants", "Partner directory (public)")


@blp.route("")
class Directory(MethodView):
    @blp.view(*ANYONE, query=DirectoryQuery, answer=PublicPage)
    def get(self, query):
        """List active merchants by partner type, region (seat or store) and category."""
        return standing.directory(context(), **query)


@blp.route("/<id:merchant_id>")
class DirectoryEntry(MethodView):
    @blp.view(*ANYONE, answer=MerchantPublic, raises=[e.MerchantNotFound])
    def get(self, merchant_id):
        """Show one active merchant with its stores."""
        return standing.public_detail(context(), merchant_id)
