"""Redemption, reversal and settlement statements for merchants."""

from __future__ import annotations

from flask.views import MethodView

from services.voucher.domain import errors as e
from services.voucher.entrypoints.errors import blueprint
from services.voucher.entrypoints.http import redemption_schemas as r
from services.voucher.entrypoints.http.common import context
from services.voucher.service_layer import history, redemptions, reports
from shared.pagination import PageQuery
from shared.web.auth import own_merchant_id

# Why a sale may not take the voucher: a quote and a redemption answer alike.
REFUSED_SALE = (
    e.AlreadyRedeemed,
    e.BelowThreshold,
    e.CategoryNotApproved,
    e.InvalidCode,
    e.MerchantNotActive,
    e.MerchantSuspended,
    e.OutOfScope,
    e.UnknownStore,
    e.VoucherExpired,
    e.VoucherNotFound,
    e.VoucherNotUsable,
    e.VoucherNotYetValid,
)

blp = blueprint("merchant_vouchers", __name__, "/api/v1/merchant", "Redeem vouchers")


@blp.route("/redemptions")
class Redemptions(MethodView):
    @blp.view(
        "merchant",
        body=r.RedemptionIn,
        answer=r.RedemptionOut,
        status=201,
        raises=[
            *REFUSED_SALE,
        ],
        idempotent=True,
    )
    def post(self, cmd):
        """Redeem a voucher code against a purchase, online or at one of my stores."""
        return redemptions.redeem(context(), own_merchant_id(), cmd)

    @blp.view("merchant", query=PageQuery, answer=r.RedemptionPage)
    def get(self, query):
        """List my redemptions, newest first."""
        return history.redemption_list(context(), merchant_id=own_merchant_id(), **query)


@blp.route("/redemptions/quote")
class Quote(MethodView):
    @blp.view("merchant", body=r.RedemptionIn, answer=r.QuoteOut, raises=REFUSED_SALE)
    def post(self, cmd):
        """Price a purchase with a voucher without redeeming it (the till's preview)."""
        return redemptions.quote(context(), own_merchant_id(), cmd)


@blp.route("/redemptions/<id:redemption_id>/reversal")
class Reversal(MethodView):
    @blp.view(
        "merchant",
        body=r.ReversalIn,
        answer=r.RedemptionOut,
        status=201,
        raises=[
            e.RedemptionNotFound,
            e.ReversalWindowClosed,
        ],
        idempotent=True,
    )
    @blp.alt_response(200, schema=r.RedemptionOut, description="Already reversed")
    def post(self, body, redemption_id):
        """Reverse one of my redemptions (a refund) within the allowed window."""
        row, new = redemptions.reverse(
            context(), own_merchant_id(), redemption_id, body.get("reason")
        )
        return row, 201 if new else 200


@blp.route("/settlements")
class Settlements(MethodView):
    @blp.view("merchant", query=r.PeriodQuery, answer=r.SettlementOut)
    def get(self, query):
        """Show my statements of the subsidy owed, by period."""
        return reports.settlement(context(), own_merchant_id(), **query)
