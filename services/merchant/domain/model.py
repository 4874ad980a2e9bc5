"""Application and merchant states and the transitions between them."""

from __future__ import annotations

from enum import StrEnum

from services.merchant.domain.errors import InvalidTransition


class AppStatus(StrEnum):
    SUBMITTED = "submitted"
    RETURNED = "returned"
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
}
MERCHANT_ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "suspend": (frozenset({MerchantStatus.ACTIVE}), MerchantStatus.SUSPENDED),
    "reinstate": (frozenset({MerchantStatus.SUSPENDED}), MerchantStatus.ACTIVE),
}
# A credit code stays taken while its application waits or once it became a merchant.
CODE_HOLDING_STATES = frozenset({AppStatus.SUBMITTED, AppStatus.RETURNED})


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


def is_overdue(status: str, review_deadline, now) -> bool:
    """Say whether ops missed the deadline of an application still waiting for them."""
    return status == AppStatus.SUBMITTED and review_deadline < now
