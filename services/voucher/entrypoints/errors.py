"""One table from the voucher service's domain errors to HTTP status and stable code."""

from __future__ import annotations

from services.voucher.domain import errors as e
from shared.web.problem_docs import error_docs

ERROR_TABLE: dict[type[Exception], tuple[int, str]] = {
    e.CampaignNotFound: (404, "not_found"),
    e.VoucherNotFound: (404, "not_found"),
    e.RedemptionNotFound: (404, "not_found"),
    e.NotOpen: (422, "not_open"),
    e.NotEligible: (403, "not_eligible"),
    e.SoldOut: (409, "sold_out"),
    e.LimitReached: (409, "limit_reached"),
    e.ClaimFailed: (503, "claim_failed"),
    e.CampaignNotEditable: (409, "campaign_not_editable"),
    e.InvalidStatus: (409, "invalid_status"),
    e.BudgetExceeded: (422, "budget_exceeded"),
    e.InvalidCode: (422, "invalid_code"),
    e.AlreadyRedeemed: (409, "already_redeemed"),
    e.VoucherNotUsable: (409, "voucher_not_usable"),
    e.VoucherExpired: (422, "voucher_expired"),
    e.VoucherNotYetValid: (422, "voucher_not_yet_valid"),
    e.OutOfScope: (422, "out_of_scope"),
    e.CategoryNotApproved: (422, "category_not_approved"),
    e.BelowThreshold: (422, "below_threshold"),
    e.MerchantSuspended: (403, "merchant_suspended"),
    e.MerchantNotActive: (403, "merchant_not_active"),
    e.UnknownStore: (422, "unknown_store"),
    e.ReversalWindowClosed: (422, "reversal_window_closed"),
}

raises = error_docs(ERROR_TABLE)  # `@raises(SomeError, ...)` documents a view's own problem answers
