"""A merchant's own profile and stores; every change tells consumers (merchant.updated)."""

from __future__ import annotations

import uuid

from services.merchant.domain.errors import LastStore, StoreNotFound
from services.merchant.domain.merchant import Merchant
from services.merchant.service_layer import category_changes, snapshot
from services.merchant.service_layer.audit import Actor, audit
from services.merchant.service_layer.context import MerchantContext


def profile(ctx: MerchantContext, merchant_id: str) -> dict:
    with ctx.uow() as uow:
        merchant = snapshot.load(uow, merchant_id)
        pending = category_changes.pending_categories(uow, merchant_id)
    return {**snapshot.private_view(merchant), "pending_categories": pending}


def update_profile(ctx: MerchantContext, merchant_id: str, changes: dict, actor: Actor) -> dict:
    """Change the fields a merchant may change; categories only ask ops (see category_changes)."""
    now = ctx.now()
    with ctx.uow() as uow:
        merchant = snapshot.load(uow, merchant_id, lock=True)
        if "categories" in changes:
            category_changes.request(uow, merchant, changes["categories"], actor, now)
        changed = merchant.update_profile(changes, now)
        if changed:
            uow.merchants.save(merchant)
            audit(
                uow,
                actor,
                "update_profile",
                now,
                merchant_id=merchant_id,
                reason="changed: " + ", ".join(changed),
            )
            merchant = snapshot.record(uow, "merchant.updated", merchant_id)
        pending = category_changes.pending_categories(uow, merchant_id)
        uow.commit()
    return {**snapshot.private_view(merchant), "pending_categories": pending}


def stores(ctx: MerchantContext, merchant_id: str) -> list[dict]:
    with ctx.uow() as uow:
        return snapshot.load(uow, merchant_id).stores


def add_store(ctx: MerchantContext, merchant_id: str, data: dict, actor: Actor) -> dict:
    now = ctx.now()
    store = {"id": str(uuid.uuid4()), "latitude": None, "longitude": None, **data}
    with ctx.uow() as uow:
        snapshot.load(uow, merchant_id, lock=True)
        uow.merchants.add_store({**store, "merchant_id": merchant_id, "created_at": now})
        _touched(uow, merchant_id, actor, "add_store", store["id"], now)
        uow.commit()
    return store


def update_store(
    ctx: MerchantContext, merchant_id: str, store_id: str, data: dict, actor: Actor
) -> dict:
    now = ctx.now()
    with ctx.uow() as uow:
        current = snapshot.load(uow, merchant_id, lock=True)
        if not any(s["id"] == store_id for s in current.stores):
            raise StoreNotFound()
        if data:
            uow.merchants.update_store(merchant_id, store_id, **data)
        merchant = _touched(uow, merchant_id, actor, "update_store", store_id, now)
        uow.commit()
    return next(s for s in merchant.stores if s["id"] == store_id)


def delete_store(ctx: MerchantContext, merchant_id: str, store_id: str, actor: Actor) -> None:
    now = ctx.now()
    with ctx.uow() as uow:
        merchant = snapshot.load(uow, merchant_id, lock=True)
        if not any(s["id"] == store_id for s in merchant.stores):
            raise StoreNotFound()
        if len(merchant.stores) == 1:
            raise LastStore()
        uow.merchants.delete_store(merchant_id, store_id)
        _touched(uow, merchant_id, actor, "delete_store", store_id, now)
        uow.commit()


def _touched(uow, merchant_id: str, actor: Actor, action: str, store_id: str, now) -> Merchant:
    uow.merchants.touch(merchant_id, now)
    audit(uow, actor, action, now, merchant_id=merchant_id, reason=f"store {store_id}")
    return snapshot.record(uow, "merchant.updated", merchant_id)
