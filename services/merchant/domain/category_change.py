"""A merchant's request to serve other categories; only ops' approval changes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.merchant.domain.errors import InvalidTransition
from services.merchant.domain.model import ChangeStatus

WITHDRAWN = "Withdrawn by the merchant."


@dataclass
class CategoryChange:
    """Asked for as `CategoryChange(id, merchant_id, categories, now)`: pending until decided."""

    id: str
    merchant_id: str
    categories: list[str]
    requested_at: datetime
    status: str = ChangeStatus.PENDING.value
    decided_at: datetime | None = None
    decided_by: str | None = None
    reason: str | None = None

    def replace(self, categories: list[str], now: datetime) -> None:
        """Ask for these categories instead, as a new request of `now`."""
        self._pending("replace")
        self.categories, self.requested_at = list(categories), now

    def withdraw(self, now: datetime) -> None:
        """The merchant is back to what ops approved: nothing is left to review."""
        self._pending("withdraw")
        self.status, self.decided_at, self.reason = ChangeStatus.REJECTED.value, now, WITHDRAWN

    def decide(self, action: str, by: str | None, reason: str | None, now: datetime) -> None:
        """Ops `approve` or `reject` a pending request."""
        self._pending(action)
        approved = action == "approve"
        self.status = (ChangeStatus.APPROVED if approved else ChangeStatus.REJECTED).value
        self.decided_at, self.decided_by, self.reason = now, by, reason

    @property
    def approved(self) -> bool:
        return self.status == ChangeStatus.APPROVED

    def _pending(self, action: str) -> None:
        if self.status != ChangeStatus.PENDING:
            raise InvalidTransition(
                f"Cannot {action} a request that is {self.status}.", current_status=self.status
            )
