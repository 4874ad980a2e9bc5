"""Ops: the review queue and decisions, merchant standing, audit trail and KPIs."""

from __future__ import annotations

from flask.views import MethodView

from services.merchant.domain import errors as e
from services.merchant.entrypoints.errors import blueprint
from services.merchant.entrypoints.http.common import actor, context
from services.merchant.entrypoints.http.schemas_in import (
    OpsMerchantQuery,
    OptionalReasonIn,
    QueueQuery,
    ReasonIn,
)
from services.merchant.entrypoints.http.schemas_out import (
    ApplicationDetail,
    ApplicationPage,
    Approval,
    AuditTrail,
    Decision,
    KeyLinkOut,
    Kpis,
    MerchantOut,
    MerchantPage,
)
from services.merchant.service_layer import applications, key_links, kpis, review, standing

blp = blueprint("merchant_ops", __name__, "/api/v1/ops", "Merchant review and standing")


@blp.route("/merchant-applications")
class Queue(MethodView):
    @blp.view("ops", query=QueueQuery, answer=ApplicationPage)
    def get(self, query):
        """List applications oldest first; filter by status, or only overdue ones."""
        return applications.queue(context(), **query)


@blp.route("/merchant-applications/<id:application_id>")
class ApplicationForOps(MethodView):
    @blp.view("ops", answer=ApplicationDetail, raises=[e.ApplicationNotFound])
    def get(self, application_id):
        """Show one application with its audit trail."""
        return applications.ops_view(context(), application_id)


@blp.route("/merchant-applications/<id:application_id>/approve")
class Approve(MethodView):
    @blp.view(
        "ops",
        body=OptionalReasonIn,
        answer=Approval,
        status=201,
        raises=[e.ApplicationNotFound, e.InvalidTransition],
    )
    def post(self, body, application_id):
        """Approve: the merchant is created, active; its contact gets a one-time key link."""
        return review.decide(context(), application_id, "approve", actor(), body.get("reason"))


@blp.route("/merchant-applications/<id:application_id>/reject")
class Reject(MethodView):
    @blp.view(
        "ops", body=ReasonIn, answer=Decision, raises=[e.ApplicationNotFound, e.InvalidTransition]
    )
    def post(self, body, application_id):
        """Reject, with a reason the applicant sees."""
        return review.decide(context(), application_id, "reject", actor(), body["reason"])


@blp.route("/merchant-applications/<id:application_id>/return")
class Return(MethodView):
    @blp.view(
        "ops", body=ReasonIn, answer=Decision, raises=[e.ApplicationNotFound, e.InvalidTransition]
    )
    def post(self, body, application_id):
        """Return for changes, saying what to change; the applicant resubmits."""
        return review.decide(context(), application_id, "return", actor(), body["reason"])


@blp.route("/merchants")
class Merchants(MethodView):
    @blp.view("ops", query=OpsMerchantQuery, answer=MerchantPage)
    def get(self, query):
        """List merchants of any standing, in approval order."""
        return standing.ops_list(context(), **query)


@blp.route("/merchants/<id:merchant_id>")
class MerchantForOps(MethodView):
    @blp.view("ops", answer=MerchantOut, raises=[e.MerchantNotFound])
    def get(self, merchant_id):
        """Show one merchant, whatever its standing."""
        return standing.ops_detail(context(), merchant_id)


@blp.route("/merchants/<id:merchant_id>/suspend")
class Suspend(MethodView):
    @blp.view(
        "ops", body=ReasonIn, answer=MerchantOut, raises=[e.MerchantNotFound, e.InvalidTransition]
    )
    def post(self, body, merchant_id):
        """Suspend: its key stops working now; catalog and vouchers hear of it."""
        return standing.change_standing(context(), merchant_id, "suspend", actor(), body["reason"])


@blp.route("/merchants/<id:merchant_id>/reinstate")
class Reinstate(MethodView):
    @blp.view(
        "ops", body=ReasonIn, answer=MerchantOut, raises=[e.MerchantNotFound, e.InvalidTransition]
    )
    def post(self, body, merchant_id):
        """Reinstate a suspended merchant."""
        return standing.change_standing(
            context(), merchant_id, "reinstate", actor(), body["reason"]
        )


@blp.route("/merchants/<id:merchant_id>/api-keys")
class IssueKey(MethodView):
    @blp.view(
        "ops", answer=KeyLinkOut, status=202, raises=[e.MerchantNotFound, e.MerchantSuspended]
    )
    def post(self, merchant_id):
        """Send the merchant's contact a one-time link to a new key (ops never see the key).

        The old key keeps working until the contact opens the link
        (`POST /api/v1/merchant-key-retrievals`); an earlier unused link stops working.
        """
        return key_links.request_link(context(), merchant_id, actor())


@blp.route("/merchants/<id:merchant_id>/audit")
class Audit(MethodView):
    @blp.view("ops", answer=AuditTrail, raises=[e.MerchantNotFound])
    def get(self, merchant_id):
        """Read the audit trail: who changed what, when and why."""
        return standing.audit_trail(context(), merchant_id)


@blp.route("/kpis/merchants")
class MerchantKpis(MethodView):
    @blp.view("ops", answer=Kpis)
    def get(self):
        """Partners by type against the 600 / 100 targets, and review times."""
        return kpis.merchant_kpis(context())
