"""Ops review of the categories merchants ask for."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from services.merchant.domain import errors as e
from services.merchant.domain.model import ChangeStatus
from services.merchant.entrypoints.errors import blueprint
from services.merchant.entrypoints.http.common import actor, context
from services.merchant.entrypoints.http.schemas_in import OptionalReasonIn, ReasonIn
from services.merchant.service_layer import category_changes
from shared.pagination import PageQuery, page_of

blp = blueprint(
    "merchant_category_changes",
    __name__,
    "/api/v1/ops/category-changes",
    "Category changes merchants asked for, waiting for ops",
)


class ChangeQuery(PageQuery):
    status = fields.String(
        load_default=ChangeStatus.PENDING.value,
        validate=validate.OneOf([s.value for s in ChangeStatus]),
    )


class ChangeOut(Schema):
    id = fields.String()
    merchant_id = fields.String()
    categories = fields.List(fields.String(), metadata={"description": "asked for"})
    current_categories = fields.List(fields.String(), metadata={"description": "approved now"})
    status = fields.String()
    requested_at = fields.AwareDateTime()
    decided_at = fields.AwareDateTime(allow_none=True)
    decided_by = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)


ChangePage = page_of(ChangeOut, "ChangePage")


@blp.route("")
class Changes(MethodView):
    @blp.view("ops", query=ChangeQuery, answer=ChangePage)
    def get(self, query):
        """List category changes, oldest first (default: those waiting)."""
        return category_changes.queue(context(), **query)


@blp.route("/<id:change_id>/approve")
class Approve(MethodView):
    @blp.view(
        "ops",
        body=OptionalReasonIn,
        answer=ChangeOut,
        raises=[e.CategoryChangeNotFound, e.InvalidTransition, e.MerchantNotFound],
    )
    def post(self, body, change_id):
        """Approve: the merchant serves these categories; vouchers and catalog hear of it."""
        return category_changes.decide(context(), change_id, "approve", actor(), body.get("reason"))


@blp.route("/<id:change_id>/reject")
class Reject(MethodView):
    @blp.view(
        "ops",
        body=ReasonIn,
        answer=ChangeOut,
        raises=[e.CategoryChangeNotFound, e.InvalidTransition, e.MerchantNotFound],
    )
    def post(self, body, change_id):
        """Reject, with a reason; the merchant keeps the categories it has."""
        return category_changes.decide(context(), change_id, "reject", actor(), body["reason"])
