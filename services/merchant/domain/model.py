"""Application and merchant states and the transitions between them."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from services.merchant.domain.errors import InvalidTransition


class AppStatus(StrEnum):
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"  # nobody acted on it for APPLICATION_TTL_DAYS


class ChangeStatus(StrEnum):
    """A merchant's request to serve other categories, as ops decide it."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class MerchantStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


# action -> (states it may start from, state it leads to)
APPLICATION_ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({AppStatus.SUBMITTED}), AppStatus.APPROVED),
    "reject": (frozenset({AppStatus.SUBMITTED}), AppStatus.REJECTED),
    "return": (frozenset({AppStatus.SUBMITTED}), AppStatus.RETURNED),
    "resubmit": (frozenset({AppStatus.RETURNED}), AppStatus.SUBMITTED),
    "expire": (frozenset({AppStatus.SUBMITTED, AppStatus.RETURNED}), AppStatus.EXPIRED),
}
MERCHANT_ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "suspend": (frozenset({MerchantStatus.ACTIVE}), MerchantStatus.SUSPENDED),
    "reinstate": (frozenset({MerchantStatus.SUSPENDED}), MerchantStatus.ACTIVE),
}
# Applications still waiting, for ops (submitted) or for the applicant (returned). Several may
# name the same credit code (a squatter's and the real company's): ops decide between them, and
# only an approval takes the code for good.
WAITING_STATES = frozenset({AppStatus.SUBMITTED, AppStatus.RETURNED})


def next_application_status(current: str, action: str) -> str:
    """Return the state `action` leads to from `current`, or raise InvalidTransition."""
    return _next(APPLICATION_ACTIONS, "an application", current, action)


def next_merchant_status(current: str, action: str) -> str:
    """Return the merchant state `action` leads to from `current`, or raise InvalidTransition."""
    return _next(MERCHANT_ACTIONS, "a merchant", current, action)


def _next(table: dict, what: str, current: str, action: str) -> str:
    sources, target = table[action]
    if current not in sources:
        raise InvalidTransition(
            f"Cannot {action} {what} that is {current}.", current_status=str(current)
        )
    return str(target)


def is_stale(status: str, updated_at: datetime, now: datetime, ttl: timedelta) -> bool:
    """Say whether an application has waited, untouched, long enough to expire."""
    return status in WAITING_STATES and updated_at <= now - ttl


def is_overdue(status: str, review_deadline, now) -> bool:
    """Say whether ops missed the deadline of an application still waiting for them."""
    return status == AppStatus.SUBMITTED and review_deadline < now
