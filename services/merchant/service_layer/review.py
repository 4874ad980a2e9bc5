"""Ops decisions on applications: approve (creating the merchant), reject, return."""

from __future__ import annotations

import uuid

from services.merchant.domain.errors import ApplicationNotFound, InvalidTransition
from services.merchant.domain.model import (
    WAITING_STATES,
    AppStatus,
    MerchantStatus,
    next_application_status,
)
from services.merchant.service_layer import keys, snapshot
from services.merchant.service_layer.applications import present
from services.merchant.service_layer.deps import Actor, Deps, audit


def decide(deps: Deps, application_id: str, action: str, actor: Actor, reason: str | None) -> dict:
    """Apply `approve`, `reject` or `return`; approval also returns the merchant and its key."""
    now = deps.now()
    with deps.uow() as uow:
        if action == "approve":
            _take_code(uow, application_id, now)
        app = uow.applications.get(application_id, lock=True)
        if app is None:
            raise ApplicationNotFound()
        new_status = next_application_status(app["status"], action)
        values: dict = {"status": new_status, "reason": reason, "updated_at": now}
        if action in ("approve", "reject"):
            values["decided_at"] = now
        if action == "approve":
            values["merchant_id"] = str(uuid.uuid4())
        if not uow.applications.update(application_id, app["status"], **values):
            raise InvalidTransition("The application changed meanwhile; reload it.")
        audit(
            uow,
            actor,
            action,
            now,
            application_id=application_id,
            merchant_id=values.get("merchant_id"),
            from_state=app["status"],
            to_state=new_status,
            reason=reason,
        )
        result: dict = {}
        if action == "approve":
            result = _create_merchant(deps, uow, {**app, **values}, actor)
            _reject_rivals(uow, app, actor, now)
        elif action == "reject":
            _rejected(uow, app, reason)
        uow.commit()
    return {"application": present({**app, **values}, now), **result}


RIVAL_REASON = "Another application with this credit code was approved."


def _take_code(uow, application_id: str, now) -> None:
    """Claim the code before locking anything else: rival approvals queue on the claim."""
    found = uow.applications.get(application_id)
    if found is None:
        raise ApplicationNotFound()
    next_application_status(found["status"], "approve")  # refuse early, before any claim
    uow.applications.claim_code(found["credit_code"], application_id, now)


def _reject_rivals(uow, app: dict, actor: Actor, now) -> None:
    """The code is taken now: the other waiting applications naming it are rejected with it."""
    for rival in uow.applications.with_code(
        app["credit_code"], exclude=app["id"], statuses=WAITING_STATES
    ):
        values = {"status": AppStatus.REJECTED.value, "reason": RIVAL_REASON, "decided_at": now}
        if not uow.applications.update(rival["id"], rival["status"], **values, updated_at=now):
            continue  # decided meanwhile by someone else
        audit(
            uow,
            actor,
            "reject",
            now,
            application_id=rival["id"],
            from_state=rival["status"],
            to_state=AppStatus.REJECTED.value,
            reason=RIVAL_REASON,
        )
        _rejected(uow, rival, RIVAL_REASON)


def _rejected(uow, app: dict, reason: str | None) -> None:
    uow.record(
        "merchant.rejected",
        app["id"],
        {"application_id": app["id"], "legal_name": app["legal_name"], "reason": reason},
    )


def _create_merchant(deps: Deps, uow, app: dict, actor: Actor) -> dict:
    now = deps.now()
    merchant_id = app["merchant_id"]
    uow.merchants.add(
        {
            "id": merchant_id,
            "application_id": app["id"],
            "credit_code": app["credit_code"],
            "legal_name": app["legal_name"],
            "partner_type": app["partner_type"],
            "status": MerchantStatus.ACTIVE.value,
            "contact_name": app["contact_name"],
            "contact_mobile": app["contact_mobile"],
            "region": app["region"],
            "discount_percent": app["discount_percent"],
            "description": app["description"] or "",
            "created_at": now,
            "updated_at": now,
        },
        app["categories"],
    )
    for store in app["stores"]:
        uow.merchants.add_store(
            {
                "id": str(uuid.uuid4()),
                "merchant_id": merchant_id,
                "name": store["name"],
                "address": store["address"],
                "region": store["region"],
                "latitude": store.get("latitude"),
                "longitude": store.get("longitude"),
                "created_at": now,
            }
        )
    api_key = keys.issue(deps, uow, merchant_id, actor, now)
    row = snapshot.record(uow, "merchant.approved", merchant_id)
    return {"merchant": snapshot.private_view(row), **api_key}
