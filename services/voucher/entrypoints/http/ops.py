"""Campaigns, settlement, KPIs and maintenance for union ops."""

from __future__ import annotations

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint

from services.voucher.domain import errors as e
from services.voucher.entrypoints.errors import raises
from services.voucher.entrypoints.http import redemption_schemas as r
from services.voucher.entrypoints.http import schemas as s
from services.voucher.entrypoints.http.common import context
from services.voucher.service_layer import campaigns, expiry, gate_sync, listing, reports
from shared import errors as shared_errors
from shared.errors import Invalid
from shared.web.auth import current_principal, require_role
from shared.web.idempotency import idempotent

blp = Blueprint("ops_vouchers", __name__, url_prefix="/api/v1/ops", description="Run campaigns")


@blp.route("/campaigns")
class OpsCampaigns(MethodView):
    @idempotent
    @require_role("ops")
    @blp.arguments(s.CampaignIn)
    @blp.response(201, s.CampaignOut)
    @raises(
        shared_errors.Invalid,
        e.BudgetExceeded,
        shared_errors.IdempotencyConflict,
        shared_errors.IdempotencyMismatch,
    )
    def post(self, data):
        """Create a draft campaign."""
        return campaigns.create(context(), data, current_principal().sub)

    @require_role("ops")
    @blp.arguments(s.OpsCampaignQuery, location="query")
    @blp.response(200, s.CampaignPage)
    def get(self, query):
        """List every campaign, newest first, with claims counted."""
        return listing.ops_list(context(), query)


@blp.route("/campaigns/<id:campaign_id>")
class OpsCampaign(MethodView):
    @require_role("ops")
    @blp.response(200, s.CampaignOut)
    @raises(e.CampaignNotFound)
    def get(self, campaign_id):
        """Show any campaign, drafts included."""
        return listing.ops_get(context(), campaign_id)

    @require_role("ops")
    @blp.arguments(s.CampaignPatch(partial=True))
    @blp.response(200, s.CampaignOut)
    @raises(e.CampaignNotFound, e.CampaignNotEditable, shared_errors.Invalid, e.BudgetExceeded)
    def patch(self, changes, campaign_id):
        """Edit a draft campaign."""
        return campaigns.update(context(), campaign_id, changes)


@blp.route("/campaigns/<id:campaign_id>/publish")
class Publish(MethodView):
    @require_role("ops")
    @blp.response(200, s.CampaignOut)
    @raises(e.CampaignNotFound, e.InvalidStatus)
    def post(self, campaign_id):
        """Publish a draft: members can claim from its claim window on."""
        return campaigns.publish(context(), campaign_id)


@blp.route("/campaigns/<id:campaign_id>/close")
class Close(MethodView):
    @require_role("ops")
    @blp.response(200, s.CampaignOut)
    @raises(e.CampaignNotFound, e.InvalidStatus)
    def post(self, campaign_id):
        """Close a published campaign for good."""
        return campaigns.close(context(), campaign_id)


@blp.route("/settlements")
class OpsSettlements(MethodView):
    @require_role("ops")
    @blp.arguments(r.PeriodQuery, location="query")
    @blp.response(200, r.SettlementOut)
    def get(self, query):
        """Show every merchant's statements, a page at a time without a period (CSV of one
        period with Accept: text/csv)."""
        csv = request.accept_mimetypes.best_match(["application/json", "text/csv"]) == "text/csv"
        if csv and not query["period"]:
            raise Invalid(
                "A CSV export is of one period.",
                errors={"query": {"period": ["Name the period (YYYY-MM) to export."]}},
            )
        report = reports.settlement(
            context(), None, query["period"], query["limit"], query["cursor"]
        )
        if csv:
            name = f"settlement-{query['period']}.csv"
            return Response(
                reports.settlement_csv(report),
                mimetype="text/csv",
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            )
        return report


@blp.route("/voucher-gate/rebuild")
class RebuildGate(MethodView):
    @require_role("ops")
    @blp.response(200, r.CountOut)
    def post(self):
        """Rebuild the Redis claim gate of every published campaign from the database."""
        ids = gate_sync.rebuild_all(context())
        return {"count": len(ids), "campaign_ids": ids}


@blp.route("/vouchers/expire")
class Expire(MethodView):
    @require_role("ops")
    @blp.response(200, r.CountOut)
    def post(self):
        """Run the expiry job now."""
        return {"count": expiry.expire_due(context()), "campaign_ids": []}


@blp.route("/kpis/vouchers")
class Kpis(MethodView):
    @require_role("ops")
    @blp.response(200, r.KpiOut)
    def get(self):
        """Count member services and show the subsidy by campaign."""
        return reports.kpis(context())
