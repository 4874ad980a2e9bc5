"""Use cases of onboarding: submit, check, resubmit and the ops review queue."""

from __future__ import annotations

import uuid
from datetime import datetime

from services.merchant.adapters import application_queries
from services.merchant.domain import credentials
from services.merchant.domain.application import Application
from services.merchant.domain.deadline import review_deadline
from services.merchant.domain.errors import (
    ApplicationNotFound,
    DuplicateCreditCode,
    InvalidTransition,
)
from services.merchant.service_layer import views
from services.merchant.service_layer.audit import Actor, audit
from services.merchant.service_layer.context import MerchantContext
from shared.pagination import Page, time_and_id

APPLICANT = Actor("applicant")


def _deadline(ctx: MerchantContext, at: datetime) -> datetime:
    s = ctx.settings
    return review_deadline(
        at,
        working_days=s.review_working_days,
        holidays=s.holidays,
        working_weekends=s.extra_working_days,
    )


def submit(ctx: MerchantContext, form: dict) -> dict:
    """Store a new application; return it with the secret, shown this once."""
    now = ctx.now()
    secret = credentials.new_application_secret()
    app = Application.submit(
        str(uuid.uuid4()),
        form,
        credentials.digest(ctx.settings.api_key_pepper, secret),
        now,
        _deadline(ctx, now),
    )
    with ctx.uow() as uow:
        _check_code_free(uow, app.credit_code)
        uow.applications.add(app)
        audit(uow, APPLICANT, "submit", now, application_id=app.id, to_state=app.status)
        uow.commit()
    return {**views.application_view(app, now), "secret": secret}


def _check_code_free(uow, code: str) -> None:
    """Refuse a code a merchant holds; other waiting applications with it do not block it."""
    if uow.applications.code_is_taken(code):
        raise DuplicateCreditCode()


def _owned(
    ctx: MerchantContext, uow, application_id: str, secret: str, *, lock: bool = False
) -> Application:
    app = uow.applications.get(application_id, lock=lock)
    if app is None or not credentials.matches(ctx.settings.api_key_pepper, secret, app.secret_hash):
        raise ApplicationNotFound()  # same answer for both: ids cannot be probed
    return app


def view(ctx: MerchantContext, application_id: str, secret: str) -> dict:
    """Return an application to the holder of its secret."""
    with ctx.uow() as uow:
        return views.application_view(_owned(ctx, uow, application_id, secret), ctx.now())


def resubmit(ctx: MerchantContext, application_id: str, secret: str, form: dict) -> dict:
    """Replace a returned application's content and put it back in the queue."""
    now = ctx.now()
    with ctx.uow() as uow:
        app = _owned(ctx, uow, application_id, secret, lock=True)
        old_code = app.credit_code
        before = app.resubmit(form, now, _deadline(ctx, now))
        if app.credit_code != old_code:
            _check_code_free(uow, app.credit_code)
        if not uow.applications.save(app, before):
            raise InvalidTransition("The application changed meanwhile; try again.")
        audit(
            uow,
            APPLICANT,
            "resubmit",
            now,
            application_id=application_id,
            from_state=before,
            to_state=app.status,
        )
        uow.commit()
    return views.application_view(app, now)


def queue(
    ctx: MerchantContext, *, page: Page, overdue: bool = False, status: str | None = None
) -> dict:
    """One page of the review queue, oldest submission first."""
    now = ctx.now()
    with ctx.session_factory() as session:
        rows = application_queries.queue(
            session, status=status, overdue_at=now if overdue else None, page=page
        )
    return page.answer(
        rows, lambda a: time_and_id(a.submitted_at, a.id), lambda a: views.application_view(a, now)
    )


def ops_view(ctx: MerchantContext, application_id: str) -> dict:
    """Return any application, with its audit trail, to ops."""
    with ctx.uow() as uow:
        app = uow.applications.get(application_id)
        if app is None:
            raise ApplicationNotFound()
        trail = application_queries.audit_trail(uow.session, application_id=application_id)
        rivals = uow.applications.with_code(app.credit_code, exclude=application_id)
    now = ctx.now()
    return {
        **views.application_view(app, now),
        "audit": trail,
        "same_credit_code": [views.application_view(r, now) for r in rivals],
    }
