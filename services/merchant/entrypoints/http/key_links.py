"""Public: a merchant's contact opens the one-time link ops had sent, and gets the new key."""

from __future__ import annotations

from flask.views import MethodView

from services.merchant.domain import errors as e
from services.merchant.entrypoints.errors import blueprint
from services.merchant.entrypoints.http.common import context
from services.merchant.entrypoints.http.schemas_in import KeyLinkIn
from services.merchant.entrypoints.http.schemas_out import KeyRetrieved
from services.merchant.service_layer import key_links
from shared.web.auth import ANYONE

blp = blueprint(
    "merchant_key_links",
    __name__,
    "/api/v1/merchant-key-retrievals",
    "One-time retrieval of a re-issued API key (public, token in the body)",
)


@blp.route("")
class KeyRetrievals(MethodView):
    @blp.view(
        *ANYONE,
        body=KeyLinkIn,
        answer=KeyRetrieved,
        status=201,
        raises=[e.KeyLinkInvalid, e.MerchantNotFound, e.MerchantSuspended],
    )
    def post(self, body):
        """Spend the link's token: the new key is shown this once, the old one stops working.

        The token travels in the body, never the URL (the link carries it after `#`).
        """
        return key_links.retrieve(context(), body["token"])
