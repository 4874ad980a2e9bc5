"""Key verification for the gateway (role system only)."""

from __future__ import annotations

from flask.views import MethodView

from services.merchant.entrypoints.errors import blueprint
from services.merchant.entrypoints.http.common import context
from services.merchant.entrypoints.http.schemas_in import VerifyIn
from services.merchant.entrypoints.http.schemas_out import Verified
from services.merchant.service_layer import keys

blp = blueprint("merchant_internal", __name__, "/internal/v1", "Called by the gateway only")


@blp.route("/api-keys/verify")
class Verify(MethodView):
    @blp.view("system", body=VerifyIn, answer=Verified)
    def post(self, body):
        """Say which active merchant a key belongs to (401 invalid_api_key, 403 merchant_suspended)."""
        return keys.verify(context(), body["api_key"])
