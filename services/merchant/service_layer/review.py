"""Ops decisions on applications: approve (creating the merchant), reject, return."""

from __future__ import annotations

import uuid

from services.merchant.domain.application import Application
from services.merchant.domain.errors import ApplicationNotFound, InvalidTransition
from services.merchant.domain.merchant import Merchant
from services.merchant.domain.model import WAITING_STATES, next_application_status
from services.merchant.domain.store import Store
from services.merchant.service_layer import key_links, merchants, views
from services.merchant.service_layer.audit import Actor, audit
from services.merchant.service_layer.context import MerchantContext


def decide(
    ctx: MerchantContext, application_id: str, action: str, actor: Actor, reason: str | None
) -> dict:
    """Apply `approve`, `reject` or `return`; approval also returns the merchant and where its
    key link went (the contact opens it; ops never see the key)."""
    now = ctx.now()
    with ctx.uow() as uow:
        if action == "approve":
            _take_code(uow, application_id, now)
        app = uow.applications.get(application_id, lock=True)
        if app is None:
            raise ApplicationNotFound()
        merchant_id = str(uuid.uuid4()) if action == "approve" else None
        before = app.decide(action, now, reason, merchant_id)
        if not uow.applications.save(app, before):
            raise InvalidTransition("The application changed meanwhile; reload it.")
        audit(
            uow,
            actor,
            action,
            now,
            application_id=application_id,
            merchant_id=merchant_id,
            from_state=before,
            to_state=app.status,
            reason=reason,
        )
        result: dict = {}
        if action == "approve":
            result = _create_merchant(ctx, uow, app, actor)
            _reject_rivals(uow, app, actor, now)
        elif action == "reject":
            _rejected(uow, app, reason)
        uow.commit()
    return {"application": views.application_view(app, now), **result}


RIVAL_REASON = "Another application with this credit code was approved."


def _take_code(uow, application_id: str, now) -> None:
    """Claim the code before locking anything else: rival approvals queue on the claim."""
    found = uow.applications.get(application_id)
    if found is None:
        raise ApplicationNotFound()
    next_application_status(found.status, "approve")  # refuse early, before any claim
    uow.applications.claim_code(found.credit_code, application_id, now)


def _reject_rivals(uow, app: Application, actor: Actor, now) -> None:
    """The code is taken now: the other waiting applications naming it are rejected with it."""
    for rival in uow.applications.with_code(
        app.credit_code, exclude=app.id, statuses=WAITING_STATES
    ):
        before = rival.lose_code(now, RIVAL_REASON)
        if not uow.applications.save(rival, before):
            continue  # decided meanwhile by someone else
        audit(
            uow,
            actor,
            "reject",
            now,
            application_id=rival.id,
            from_state=before,
            to_state=rival.status,
            reason=RIVAL_REASON,
        )
        _rejected(uow, rival, RIVAL_REASON)


def _rejected(uow, app: Application, reason: str | None) -> None:
    uow.record(
        "merchant.rejected",
        app.id,
        {"application_id": app.id, "legal_name": app.legal_name, "reason": reason},
    )


def _create_merchant(ctx: MerchantContext, uow, app: Application, actor: Actor) -> dict:
    now = ctx.now()
    merchant = Merchant.approved(app, now)
    for details in app.stores:
        merchant.add_store(Store.opened(str(uuid.uuid4()), details), now)
    uow.merchants.add(merchant)
    # No key yet: the contact gets a one-time link to it, as on an ops re-issue.
    receipt = key_links.send_link(ctx, uow, merchant, actor, now)
    merchant = merchants.record(uow, "merchant.approved", merchant.id)
    return {"merchant": views.private_view(merchant), "key_link": receipt}
