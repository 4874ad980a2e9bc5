"""Key verification for the gateway (role system only)."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.merchant.entrypoints.http.common import context
from services.merchant.entrypoints.http.schemas_in import VerifyIn
from services.merchant.entrypoints.http.schemas_out import Verified
from services.merchant.service_layer import keys
from shared.web.auth import require_role

blp = Blueprint(
    "merchant_internal",
    __name__,
    url_prefix="/internal/v1",
    description="Called by the gateway only",
)


@blp.route("/api-keys/verify")
class Verify(MethodView):
    @require_role("system")
    @blp.arguments(VerifyIn)
    @blp.response(200, Verified)
    def post(self, body):
        """Say which active merchant a key belongs to (401 invalid_api_key, 403 merchant_suspended)."""
        return keys.verify(context(), body["api_key"])
