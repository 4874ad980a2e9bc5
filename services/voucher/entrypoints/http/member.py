"""Campaigns for everyone; claims, vouchers and redemptions for members."""

from __future__ import annotations

from flask.views import MethodView

from services.voucher.domain import errors as e
from services.voucher.entrypoints.errors import blueprint
from services.voucher.entrypoints.http import redemption_schemas as r
from services.voucher.entrypoints.http import schemas as s
from services.voucher.entrypoints.http.common import context
from services.voucher.service_layer import claims, history, listing
from shared import errors as shared_errors
from shared.pagination import PageQuery
from shared.web.auth import ANYONE, current_principal
from shared.web.idempotency import KEY_PARAMETER, idempotency_key

blp = blueprint("campaigns", __name__, "/api/v1", "Campaigns and claims")


@blp.route("/campaigns")
class Campaigns(MethodView):
    @blp.view(*ANYONE, query=s.CampaignQuery, answer=s.CampaignPage)
    def get(self, query):
        """List campaigns open or upcoming for claims (with eligibility, for a member)."""
        return listing.public_list(context(), current_principal(), **query)


@blp.route("/campaigns/<id:campaign_id>")
class CampaignDetail(MethodView):
    @blp.view(*ANYONE, answer=s.CampaignOut, raises=[e.CampaignNotFound])
    def get(self, campaign_id):
        """Show a published or closed campaign."""
        return listing.public_get(context(), current_principal(), campaign_id)


@blp.route("/campaigns/<id:campaign_id>/claims")
class Claims(MethodView):
    @blp.view(
        "member",
        answer=s.VoucherOut,
        status=201,
        raises=[
            e.CampaignNotFound,
            e.ClaimFailed,
            shared_errors.IdempotencyConflict,
            shared_errors.IdempotencyMismatch,
            e.LimitReached,
            e.NotEligible,
            e.NotOpen,
            e.SoldOut,
        ],
    )
    @blp.doc(parameters=[KEY_PARAMETER])
    def post(self, campaign_id):
        """Claim a voucher (Idempotency-Key: the same key returns the same voucher)."""
        p = current_principal()
        voucher, replayed = claims.claim(
            context(), campaign_id, p.member_id, p.segments, p.region, idempotency_key()
        )
        return voucher, 201, ({"Idempotent-Replayed": "true"} if replayed else {})


@blp.route("/me/vouchers")
class MyVouchers(MethodView):
    @blp.view("member", query=s.VoucherQuery, answer=s.VoucherPage)
    def get(self, query):
        """List my vouchers, newest first, optionally by status."""
        return history.member_vouchers(context(), current_principal().member_id, **query)


@blp.route("/me/redemptions")
class MyRedemptions(MethodView):
    @blp.view("member", query=PageQuery, answer=r.RedemptionPage)
    def get(self, query):
        """List where and when I used my vouchers."""
        return history.redemption_list(context(), member_id=current_principal().member_id, **query)
