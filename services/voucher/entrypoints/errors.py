"""One table from the voucher service's domain errors to HTTP status and stable code."""

from __future__ import annotations

from services.voucher.domain import errors as e
from shared.web.problem_docs import by_status
from shared.web.views import blueprints_for

ERROR_TABLE = by_status(
    {
        403: {
            e.NotEligible: "not_eligible",
            e.MerchantSuspended: "merchant_suspended",
            e.MerchantNotActive: "merchant_not_active",
        },
        404: {
            e.CampaignNotFound: "not_found",
            e.VoucherNotFound: "not_found",
            e.RedemptionNotFound: "not_found",
        },
        409: {
            e.SoldOut: "sold_out",
            e.LimitReached: "limit_reached",
            e.CampaignNotEditable: "campaign_not_editable",
            e.InvalidStatus: "invalid_status",
            e.AlreadyRedeemed: "already_redeemed",
            e.VoucherNotUsable: "voucher_not_usable",
        },
        422: {
            e.NotOpen: "not_open",
            e.BudgetExceeded: "budget_exceeded",
            e.InvalidCode: "invalid_code",
            e.VoucherExpired: "voucher_expired",
            e.VoucherNotYetValid: "voucher_not_yet_valid",
            e.OutOfScope: "out_of_scope",
            e.CategoryNotApproved: "category_not_approved",
            e.BelowThreshold: "below_threshold",
            e.UnknownStore: "unknown_store",
            e.ReversalWindowClosed: "reversal_window_closed",
        },
        503: {
            e.ClaimFailed: "claim_failed",
        },
    }
)

# `blp = blueprint(name, __name__, url_prefix, description)`; its `blp.view(..., raises=[...])`
# documents the problem answers a view can give, from this table.
blueprint = blueprints_for(ERROR_TABLE)
