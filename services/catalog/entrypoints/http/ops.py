"""Ops tools of the catalog."""

from __future__ import annotations

from flask.views import MethodView

from services.catalog.entrypoints.errors import blueprint
from services.catalog.entrypoints.http import schemas
from services.catalog.entrypoints.http.common import context

blp = blueprint("catalog_ops", __name__, "/api/v1/ops/catalog", "Catalog operations")


@blp.route("/cache/invalidate")
class InvalidateCache(MethodView):
    @blp.view("ops", answer=schemas.InvalidationResult)
    def post(self):
        """Drop every cached catalog page and detail (safe to repeat)."""
        return {"invalidated": context().cache.invalidate_everything()}
