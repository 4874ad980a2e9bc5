"""Ops decisions on applications: approve (creating the merchant), reject, return."""

from __future__ import annotations

import uuid

from services.merchant.domain.errors import ApplicationNotFound, InvalidTransition
from services.merchant.domain.model import MerchantStatus, next_application_status
from services.merchant.service_layer import keys, snapshot
from services.merchant.service_layer.applications import present
from services.merchant.service_layer.deps import Actor, Deps, audit


def decide(deps: Deps, application_id: str, action: str, actor: Actor, reason: str | None) -> dict:
    """Apply `approve`, `reject` or `return`; approval also returns the merchant and its key."""
    now = deps.now()
    with deps.uow() as uow:
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
        elif action == "reject":
            uow.applications.release_code(app["credit_code"], application_id)
            uow.record(
                "merchant.rejected",
                application_id,
                {
                    "application_id": application_id,
                    "legal_name": app["legal_name"],
                    "reason": reason,
                },
            )
        uow.commit()
    return {"application": present({**app, **values}, now), **result}


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
