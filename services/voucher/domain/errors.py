"""Errors the voucher rules raise; entrypoints/errors.py maps each to a status and code."""

from __future__ import annotations

from shared.errors import Conflict, DomainError, Forbidden, Invalid, NotFound

# The standing errors are shared with the catalog; entrypoints/errors.py maps them here too.
from shared.merchant_standing.model import MerchantNotActive, MerchantSuspended  # noqa: F401


class CampaignNotFound(NotFound):
    """No such campaign."""


class NotOpen(DomainError):
    """The campaign is not open for claiming."""


class NotEligible(Forbidden):
    """This campaign is not for you."""


class SoldOut(Conflict):
    """The campaign has no vouchers left."""


class LimitReached(Conflict):
    """You already hold as many vouchers of this campaign as allowed."""


class ClaimFailed(DomainError):
    """The claim could not be recorded; nothing was taken, please try again."""


class CampaignNotEditable(Conflict):
    """Only a draft campaign can be edited."""


class InvalidStatus(Conflict):
    """The campaign cannot make that move from its current status."""


class BudgetExceeded(Invalid):
    """Quantity times the subsidy exceeds the budget."""


class InvalidCode(Invalid):
    """The voucher code is not valid (check the characters typed)."""


class VoucherNotFound(NotFound):
    """No voucher has this code."""


class AlreadyRedeemed(Conflict):
    """The voucher has already been used."""


class VoucherNotUsable(Conflict):
    """The voucher cannot be used in its current status."""


class VoucherExpired(DomainError):
    """The voucher is past its validity."""


class VoucherNotYetValid(DomainError):
    """The voucher is not valid yet."""

    retryable = True


class OutOfScope(DomainError):
    """The voucher cannot be used for this merchant, category or channel."""


class CategoryNotApproved(Invalid):
    """The purchase's category is not one ops approved for this merchant."""


class BelowThreshold(DomainError):
    """The order amount does not reach the voucher's threshold."""


class UnknownStore(Invalid):
    """The store is not one of this merchant's stores."""


class RedemptionNotFound(NotFound):
    """No such redemption of yours."""


class ReversalWindowClosed(DomainError):
    """The redemption is too old to be reversed."""
