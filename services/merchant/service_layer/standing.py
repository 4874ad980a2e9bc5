"""Ops actions on a merchant's standing, its audit trail and the ops list."""

from __future__ import annotations

from services.merchant.domain.errors import InvalidTransition, MerchantNotFound
from services.merchant.domain.model import next_merchant_status
from services.merchant.service_layer import keys, snapshot
from services.merchant.service_layer.deps import Actor, Deps, audit
from services.merchant.service_layer.paging import page, position_after

EVENTS = {"suspend": "merchant.suspended", "reinstate": "merchant.reinstated"}


def change_standing(deps: Deps, merchant_id: str, action: str, actor: Actor, reason: str) -> dict:
    """Suspend or reinstate; the key's cached verification is dropped before this returns."""
    now = deps.now()
    with deps.uow() as uow:
        row = snapshot.load(uow, merchant_id, lock=True)
        new_status = next_merchant_status(row["status"], action)
        if not uow.merchants.update(
            merchant_id, row["status"], status=new_status, status_reason=reason, updated_at=now
        ):
            raise InvalidTransition("The merchant changed meanwhile; reload it.")
        audit(
            uow,
            actor,
            action,
            now,
            merchant_id=merchant_id,
            from_state=row["status"],
            to_state=new_status,
            reason=reason,
        )
        row = snapshot.record(uow, EVENTS[action], merchant_id, reason)
        stale = keys.hashes_of(uow, merchant_id)
        uow.after_commit(lambda: deps.key_cache.invalidate(stale))
        uow.commit()
    return snapshot.private_view(row)


def audit_trail(deps: Deps, merchant_id: str) -> dict:
    """Every recorded change of the merchant and of its application, oldest first."""
    with deps.uow() as uow:
        row = snapshot.load(uow, merchant_id)
        items = uow.applications.audit(
            merchant_id=merchant_id, application_id=row["application_id"]
        )
    return {"merchant_id": merchant_id, "items": items}


def ops_list(
    deps: Deps,
    *,
    status: str | None,
    partner_type: str | None,
    region: str | None,
    limit: int,
    cursor: str | None,
) -> dict:
    """All merchants for ops, in approval order."""
    return _list(
        deps,
        snapshot.private_view,
        status=status,
        partner_type=partner_type,
        region=region,
        limit=limit,
        cursor=cursor,
    )


def directory(
    deps: Deps,
    *,
    partner_type: str | None,
    region: str | None,
    category: str | None,
    limit: int,
    cursor: str | None,
) -> dict:
    """Active merchants for the public, with their stores."""
    return _list(
        deps,
        snapshot.public_view,
        status="active",
        partner_type=partner_type,
        region=region,
        category=category,
        limit=limit,
        cursor=cursor,
    )


def _list(deps: Deps, view, *, limit: int, cursor: str | None, **filters) -> dict:
    after = position_after(cursor)
    with deps.uow() as uow:
        rows = uow.merchants.search(after=after, limit=limit + 1, **filters)
        rows, next_cursor = page(rows, limit, "created_at")
        stores = uow.merchants.stores_of([r["id"] for r in rows])
    return {
        "items": [view({**r, "stores": stores[r["id"]]}) for r in rows],
        "next_cursor": next_cursor,
    }


def public_detail(deps: Deps, merchant_id: str) -> dict:
    """One active merchant for the directory; suspended ones are not found."""
    with deps.uow() as uow:
        row = snapshot.load(uow, merchant_id)
    if row["status"] != "active":
        raise MerchantNotFound()
    return snapshot.public_view(row)


def ops_detail(deps: Deps, merchant_id: str) -> dict:
    with deps.uow() as uow:
        return snapshot.private_view(snapshot.load(uow, merchant_id))
