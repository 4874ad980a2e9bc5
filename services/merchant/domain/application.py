"""An application to become a partner merchant: its content and its way through review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.merchant.domain.errors import InvalidTransition
from services.merchant.domain.model import (
    WAITING_STATES,
    AppStatus,
    is_overdue,
    next_application_status,
)

# What an applicant fills in (and replaces when resubmitting).
FORM_FIELDS = (
    "legal_name",
    "credit_code",
    "partner_type",
    "contact_name",
    "contact_mobile",
    "region",
    "categories",
    "stores",
    "discount_percent",
    "description",
)


@dataclass
class Application:
    id: str
    status: str
    legal_name: str
    credit_code: str
    partner_type: str
    contact_name: str
    contact_mobile: str
    region: str
    categories: list[str]
    stores: list[dict]
    discount_percent: int
    description: str
    secret_hash: str
    first_submitted_at: datetime
    submitted_at: datetime
    review_deadline: datetime
    updated_at: datetime
    decided_at: datetime | None = None
    reason: str | None = None
    merchant_id: str | None = None

    @classmethod
    def submit(
        cls, id: str, form: dict, secret_hash: str, now: datetime, deadline: datetime
    ) -> Application:
        """A new application, waiting for ops from `now` until `deadline`."""
        return cls(
            id=id,
            status=AppStatus.SUBMITTED.value,
            **_form(form),
            secret_hash=secret_hash,
            first_submitted_at=now,
            submitted_at=now,
            review_deadline=deadline,
            updated_at=now,
        )

    def resubmit(self, form: dict, now: datetime, deadline: datetime) -> str:
        """Replace a returned application's content and queue it again; return the old status."""
        before = self._move("resubmit", now)
        for name, value in _form(form).items():
            setattr(self, name, value)
        self.submitted_at, self.review_deadline, self.reason = now, deadline, None
        return before

    def decide(self, action: str, now: datetime, reason: str | None, merchant_id: str | None):
        """Approve (naming the merchant it becomes), reject or return; return the old status."""
        before = self._move(action, now)
        self.reason = reason
        if action in ("approve", "reject"):
            self.decided_at = now
        if action == "approve":
            self.merchant_id = merchant_id
        return before

    def lose_code(self, now: datetime, reason: str) -> str:
        """Reject a waiting application whose credit code another one was approved with."""
        if self.status not in WAITING_STATES:
            raise InvalidTransition(
                f"Cannot reject an application that is {self.status}.", current_status=self.status
            )
        before, self.status = self.status, AppStatus.REJECTED.value
        self.reason, self.decided_at, self.updated_at = reason, now, now
        return before

    def expire(self, now: datetime) -> str:
        """Expire an application nobody acted on; return the old status."""
        before = self._move("expire", now)
        self.decided_at = now
        return before

    def overdue(self, now: datetime) -> bool:
        return is_overdue(self.status, self.review_deadline, now)

    def _move(self, action: str, now: datetime) -> str:
        before = self.status
        self.status = next_application_status(before, action)
        self.updated_at = now
        return before


def _form(form: dict) -> dict:
    values = {name: form.get(name) for name in FORM_FIELDS}
    values["description"] = form.get("description") or ""
    return values
