"""Ops actions on a merchant's standing, its audit trail and the ops list."""

from __future__ import annotations

from services.merchant.domain.errors import InvalidTransition, MerchantNotFound
from services.merchant.service_layer import keys, snapshot
from services.merchant.service_layer.deps import Actor, Deps, audit
from services.merchant.service_layer.paging import page
from shared.pagination import time_and_id_after

EVENTS = {"suspend": "merchant.suspended", "reinstate": "merchant.reinstated"}


def change_standing(deps: Deps, merchant_id: str, action: str, actor: Actor, reason: str) -> dict:
    """Suspend or reinstate; the key's cached verification is dropped before this returns."""
    now = deps.now()
    with deps.uow() as uow:
        merchant = snapshot.load(uow, merchant_id, lock=True)
        before = merchant.change_standing(action, reason, now)
        if not uow.merchants.save(merchant, before):
            raise InvalidTransition("The merchant changed meanwhile; reload it.")
        audit(
            uow,
            actor,
            action,
            now,
            merchant_id=merchant_id,
            from_state=before,
            to_state=merchant.status,
            reason=reason,
        )
        merchant = snapshot.record(uow, EVENTS[action], merchant_id, reason)
        stale = keys.hashes_of(uow, merchant_id)
        uow.after_commit(lambda: deps.key_cache.invalidate(stale))
        uow.commit()
    return snapshot.private_view(merchant)


def audit_trail(deps: Deps, merchant_id: str) -> dict:
    """Every recorded change of the merchant and of its application, oldest first."""
    with deps.uow() as uow:
        merchant = snapshot.load(uow, merchant_id)
        items = uow.applications.audit(
            merchant_id=merchant_id, application_id=merchant.application_id
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
    after = time_and_id_after(cursor)
    with deps.uow() as uow:
        found = uow.merchants.search(after=after, limit=limit + 1, **filters)
    merchants, next_cursor = page(found, limit, lambda m: (m.created_at, m.id))
    return {"items": [view(m) for m in merchants], "next_cursor": next_cursor}


def public_detail(deps: Deps, merchant_id: str) -> dict:
    """One active merchant for the directory; suspended ones are not found."""
    with deps.uow() as uow:
        merchant = snapshot.load(uow, merchant_id)
    if not merchant.active:
        raise MerchantNotFound()
    return snapshot.public_view(merchant)


def ops_detail(deps: Deps, merchant_id: str) -> dict:
    with deps.uow() as uow:
        return snapshot.private_view(snapshot.load(uow, merchant_id))
