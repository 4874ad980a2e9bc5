"""Use cases of onboarding: submit, check, resubmit and the ops review queue."""

from __future__ import annotations

import uuid
from datetime import datetime

from services.merchant.domain import credentials
from services.merchant.domain.deadline import review_deadline
from services.merchant.domain.errors import (
    ApplicationNotFound,
    DuplicateCreditCode,
    InvalidTransition,
)
from services.merchant.domain.model import AppStatus, is_overdue, next_application_status
from services.merchant.service_layer.deps import Actor, Deps, audit
from services.merchant.service_layer.paging import page, position_after

APPLICANT = Actor("applicant")
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


def _deadline(deps: Deps, at: datetime) -> datetime:
    s = deps.settings
    return review_deadline(
        at,
        working_days=s.review_working_days,
        holidays=s.holidays,
        working_weekends=s.extra_working_days,
    )


def present(row: dict, now: datetime) -> dict:
    """The application as its holder and ops see it (never the secret hash)."""
    out = {k: v for k, v in row.items() if k != "secret_hash"}
    out["overdue"] = is_overdue(row["status"], row["review_deadline"], now)
    return out


def submit(deps: Deps, form: dict) -> dict:
    """Store a new application; return it with the secret, shown this once."""
    now = deps.now()
    app_id = str(uuid.uuid4())
    secret = credentials.new_application_secret()
    row = {k: form.get(k) for k in FORM_FIELDS}
    row.update(
        id=app_id,
        status=AppStatus.SUBMITTED.value,
        description=form.get("description") or "",
        secret_hash=credentials.digest(deps.settings.api_key_pepper, secret),
        first_submitted_at=now,
        submitted_at=now,
        review_deadline=_deadline(deps, now),
        updated_at=now,
    )
    with deps.uow() as uow:
        _check_code_free(uow, row["credit_code"])
        uow.applications.add(row)
        audit(uow, APPLICANT, "submit", now, application_id=app_id, to_state="submitted")
        uow.commit()
    return {**present(row, now), "secret": secret}


def _check_code_free(uow, code: str) -> None:
    """Refuse a code a merchant holds; other waiting applications with it do not block it."""
    if uow.applications.code_is_taken(code):
        raise DuplicateCreditCode()


def _owned(deps: Deps, uow, application_id: str, secret: str, *, lock: bool = False) -> dict:
    row = uow.applications.get(application_id, lock=lock)
    if row is None or not credentials.matches(
        deps.settings.api_key_pepper, secret, row["secret_hash"]
    ):
        raise ApplicationNotFound()  # same answer for both: ids cannot be probed
    return row


def view(deps: Deps, application_id: str, secret: str) -> dict:
    """Return an application to the holder of its secret."""
    with deps.uow() as uow:
        return present(_owned(deps, uow, application_id, secret), deps.now())


def resubmit(deps: Deps, application_id: str, secret: str, form: dict) -> dict:
    """Replace a returned application's content and put it back in the queue."""
    now = deps.now()
    with deps.uow() as uow:
        row = _owned(deps, uow, application_id, secret, lock=True)
        new_status = next_application_status(row["status"], "resubmit")
        if form["credit_code"] != row["credit_code"]:
            _check_code_free(uow, form["credit_code"])
        values = {k: form.get(k) for k in FORM_FIELDS}
        values.update(
            status=new_status,
            description=form.get("description") or "",
            submitted_at=now,
            review_deadline=_deadline(deps, now),
            reason=None,
            updated_at=now,
        )
        if not uow.applications.update(application_id, row["status"], **values):
            raise InvalidTransition("The application changed meanwhile; try again.")
        audit(
            uow,
            APPLICANT,
            "resubmit",
            now,
            application_id=application_id,
            from_state=row["status"],
            to_state=new_status,
        )
        uow.commit()
    return present({**row, **values}, now)


def queue(deps: Deps, *, status: str | None, overdue: bool, limit: int, cursor: str | None) -> dict:
    """One page of the review queue, oldest submission first."""
    now = deps.now()
    after = position_after(cursor)
    with deps.uow() as uow:
        rows = uow.applications.queue(
            status=status, overdue_at=now if overdue else None, after=after, limit=limit + 1
        )
    rows, next_cursor = page(rows, limit, "submitted_at")
    return {"items": [present(r, now) for r in rows], "next_cursor": next_cursor}


def ops_view(deps: Deps, application_id: str) -> dict:
    """Return any application, with its audit trail, to ops."""
    with deps.uow() as uow:
        row = uow.applications.get(application_id)
        if row is None:
            raise ApplicationNotFound()
        trail = uow.applications.audit(merchant_id=None, application_id=application_id)
        rivals = uow.applications.with_code(row["credit_code"], exclude=application_id)
    now = deps.now()
    return {
        **present(row, now),
        "audit": trail,
        "same_credit_code": [present(r, now) for r in rivals],
    }
