"""Campaigns, settlement, KPIs and maintenance for union ops."""

from __future__ import annotations

from flask import Response, request
from flask.views import MethodView

from services.voucher.domain import errors as e
from services.voucher.entrypoints.errors import blueprint
from services.voucher.entrypoints.http import redemption_schemas as r
from services.voucher.entrypoints.http import schemas as s
from services.voucher.entrypoints.http.common import context
from services.voucher.service_layer import campaigns, expiry, gate_sync, listing, reports
from shared import errors as shared_errors
from shared.errors import Invalid
from shared.web.auth import current_principal

blp = blueprint("ops_vouchers", __name__, "/api/v1/ops", "Run campaigns")


@blp.route("/campaigns")
class OpsCampaigns(MethodView):
    @blp.view(
        "ops",
        body=s.CampaignIn,
        answer=s.CampaignOut,
        status=201,
        raises=[
            shared_errors.Invalid,
            e.BudgetExceeded,
        ],
        idempotent=True,
    )
    def post(self, data):
        """Create a draft campaign."""
        return campaigns.create(context(), data, current_principal().sub)

    @blp.view("ops", query=s.OpsCampaignQuery, answer=s.CampaignPage)
    def get(self, query):
        """List every campaign, newest first, with claims counted."""
        return listing.ops_list(context(), **query)


@blp.route("/campaigns/<id:campaign_id>")
class OpsCampaign(MethodView):
    @blp.view("ops", answer=s.CampaignOut, raises=[e.CampaignNotFound])
    def get(self, campaign_id):
        """Show any campaign, drafts included."""
        return listing.ops_get(context(), campaign_id)

    @blp.view(
        "ops",
        body=s.CampaignPatch(partial=True),
        answer=s.CampaignOut,
        raises=[e.CampaignNotFound, e.CampaignNotEditable, shared_errors.Invalid, e.BudgetExceeded],
    )
    def patch(self, changes, campaign_id):
        """Edit a draft campaign."""
        return campaigns.update(context(), campaign_id, changes)


@blp.route("/campaigns/<id:campaign_id>/publish")
class Publish(MethodView):
    @blp.view("ops", answer=s.CampaignOut, raises=[e.CampaignNotFound, e.InvalidStatus])
    def post(self, campaign_id):
        """Publish a draft: members can claim from its claim window on."""
        return campaigns.publish(context(), campaign_id)


@blp.route("/campaigns/<id:campaign_id>/close")
class Close(MethodView):
    @blp.view("ops", answer=s.CampaignOut, raises=[e.CampaignNotFound, e.InvalidStatus])
    def post(self, campaign_id):
        """Close a published campaign for good."""
        return campaigns.close(context(), campaign_id)


@blp.route("/settlements")
class OpsSettlements(MethodView):
    @blp.view("ops", query=r.PeriodQuery, answer=r.SettlementOut)
    def get(self, query):
        """Show every merchant's statements, a page at a time without a period (CSV of one
        period with Accept: text/csv)."""
        csv = request.accept_mimetypes.best_match(["application/json", "text/csv"]) == "text/csv"
        if csv and not query["period"]:
            raise Invalid(
                "A CSV export is of one period.",
                errors={"query": {"period": ["Name the period (YYYY-MM) to export."]}},
            )
        report = reports.settlement(context(), None, **query)
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
    @blp.view("ops", answer=r.CountOut)
    def post(self):
        """Rebuild the Redis claim gate of every published campaign from the database."""
        ids = gate_sync.rebuild_all(context())
        return {"count": len(ids), "campaign_ids": ids}


@blp.route("/vouchers/expire")
class Expire(MethodView):
    @blp.view("ops", answer=r.CountOut)
    def post(self):
        """Run the expiry job now."""
        return {"count": expiry.expire_due(context()), "campaign_ids": []}


@blp.route("/kpis/vouchers")
class Kpis(MethodView):
    @blp.view("ops", answer=r.KpiOut)
    def get(self):
        """Count member services and show the subsidy by campaign."""
        return reports.kpis(context())
