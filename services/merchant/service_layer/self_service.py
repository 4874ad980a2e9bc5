"""A merchant's own profile and stores; every change tells consumers (merchant.updated)."""

from __future__ import annotations

import uuid
from datetime import datetime

from services.merchant.domain.merchant import Merchant
from services.merchant.domain.store import Store
from services.merchant.service_layer import category_changes, merchants, views
from services.merchant.service_layer.audit import Actor, audit
from services.merchant.service_layer.context import MerchantContext


def profile(ctx: MerchantContext, merchant_id: str) -> dict:
    with ctx.uow() as uow:
        merchant = merchants.load(uow, merchant_id)
        pending = category_changes.pending_categories(uow, merchant_id)
    return {**views.private_view(merchant), "pending_categories": pending}


def update_profile(ctx: MerchantContext, merchant_id: str, changes: dict, actor: Actor) -> dict:
    """Change the fields a merchant may change; categories only ask ops (see category_changes)."""
    now = ctx.now()
    with ctx.uow() as uow:
        merchant = merchants.load(uow, merchant_id, lock=True)
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
            merchant = merchants.record(uow, "merchant.updated", merchant_id)
        pending = category_changes.pending_categories(uow, merchant_id)
        uow.commit()
    return {**views.private_view(merchant), "pending_categories": pending}


def stores(ctx: MerchantContext, merchant_id: str) -> list[dict]:
    with ctx.uow() as uow:
        merchant = merchants.load(uow, merchant_id)
    return [views.store_view(s) for s in merchant.stores]


def add_store(ctx: MerchantContext, merchant_id: str, data: dict, actor: Actor) -> dict:
    now = ctx.now()
    store = Store.opened(str(uuid.uuid4()), data)
    with ctx.uow() as uow:
        merchant = merchants.load(uow, merchant_id, lock=True)
        merchant.add_store(store, now)
        uow.merchants.add_store(merchant_id, store, now)
        _changed(uow, merchant, actor, "add_store", store.id, now)
        uow.commit()
    return views.store_view(store)


def update_store(
    ctx: MerchantContext, merchant_id: str, store_id: str, data: dict, actor: Actor
) -> dict:
    now = ctx.now()
    with ctx.uow() as uow:
        merchant = merchants.load(uow, merchant_id, lock=True)
        store = merchant.change_store(store_id, data, now)
        uow.merchants.save_store(merchant_id, store)
        merchant = _changed(uow, merchant, actor, "update_store", store_id, now)
        uow.commit()
    return views.store_view(merchant.store(store_id))


def delete_store(ctx: MerchantContext, merchant_id: str, store_id: str, actor: Actor) -> None:
    now = ctx.now()
    with ctx.uow() as uow:
        merchant = merchants.load(uow, merchant_id, lock=True)
        merchant.remove_store(store_id, now)
        uow.merchants.delete_store(merchant_id, store_id)
        _changed(uow, merchant, actor, "delete_store", store_id, now)
        uow.commit()


def _changed(
    uow, merchant: Merchant, actor: Actor, action: str, store_id: str, now: datetime
) -> Merchant:
    """Store the merchant's new `updated_at`, audit the store's change and tell consumers."""
    uow.merchants.save(merchant)
    audit(uow, actor, action, now, merchant_id=merchant.id, reason=f"store {store_id}")
    return merchants.record(uow, "merchant.updated", merchant.id)
