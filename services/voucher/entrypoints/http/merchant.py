"""Redemption, reversal and settlement statements for merchants."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.voucher.domain import errors as e
from services.voucher.entrypoints.errors import raises
from services.voucher.entrypoints.http import redemption_schemas as r
from services.voucher.entrypoints.http.common import context
from services.voucher.service_layer import history, redemptions, reports
from shared import errors as shared_errors
from shared.pagination import PageQuery
from shared.web.auth import current_principal, require_role
from shared.web.idempotency import idempotent

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

blp = Blueprint(
    "merchant_vouchers", __name__, url_prefix="/api/v1/merchant", description="Redeem vouchers"
)


@blp.route("/redemptions")
class Redemptions(MethodView):
    @idempotent
    @require_role("merchant")
    @blp.arguments(r.RedemptionIn)
    @blp.response(201, r.RedemptionOut)
    @raises(*REFUSED_SALE, shared_errors.IdempotencyConflict, shared_errors.IdempotencyMismatch)
    def post(self, cmd):
        """Redeem a voucher code against a purchase, online or at one of my stores."""
        return redemptions.redeem(context(), current_principal().merchant_id, cmd)

    @require_role("merchant")
    @blp.arguments(PageQuery, location="query")
    @blp.response(200, r.RedemptionPage)
    def get(self, query):
        """List my redemptions, newest first."""
        return history.redemption_list(
            context(), query, merchant_id=current_principal().merchant_id
        )


@blp.route("/redemptions/quote")
class Quote(MethodView):
    @require_role("merchant")
    @blp.arguments(r.RedemptionIn)
    @blp.response(200, r.QuoteOut)
    @raises(*REFUSED_SALE)
    def post(self, cmd):
        """Price a purchase with a voucher without redeeming it (the till's preview)."""
        return redemptions.quote(context(), current_principal().merchant_id, cmd)


@blp.route("/redemptions/<id:redemption_id>/reversal")
class Reversal(MethodView):
    @idempotent
    @require_role("merchant")
    @blp.arguments(r.ReversalIn)
    @blp.response(201, r.RedemptionOut)
    @blp.alt_response(200, schema=r.RedemptionOut, description="Already reversed")
    @raises(
        e.RedemptionNotFound,
        e.ReversalWindowClosed,
        shared_errors.IdempotencyConflict,
        shared_errors.IdempotencyMismatch,
    )
    def post(self, body, redemption_id):
        """Reverse one of my redemptions (a refund) within the allowed window."""
        row, new = redemptions.reverse(
            context(), current_principal().merchant_id, redemption_id, body.get("reason")
        )
        return row, 201 if new else 200


@blp.route("/settlements")
class Settlements(MethodView):
    @require_role("merchant")
    @blp.arguments(r.PeriodQuery, location="query")
    @blp.response(200, r.SettlementOut)
    def get(self, query):
        """Show my statements of the subsidy owed, by period."""
        merchant_id = current_principal().merchant_id
        return reports.settlement(
            context(), merchant_id, query["period"], query["limit"], query["cursor"]
        )
