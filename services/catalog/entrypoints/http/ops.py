"""Ops tools of the catalog."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.catalog.entrypoints.http import schemas
from services.catalog.entrypoints.http.common import context
from shared.web.auth import require_role

blp = Blueprint(
    "catalog_ops", __name__, url_prefix="/api/v1/ops/catalog", description="Catalog operations"
)


@blp.route("/cache/invalidate")
class InvalidateCache(MethodView):
    @require_role("ops")
    @blp.response(200, schemas.InvalidationResult)
    def post(self):
        """Drop every cached catalog page and detail (safe to repeat)."""
        return {"invalidated": context().cache.invalidate_everything()}
