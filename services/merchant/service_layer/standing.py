"""Ops actions on a merchant's standing, its audit trail and the ops list."""

from __future__ import annotations

from services.merchant.adapters import application_queries, merchant_queries
from services.merchant.adapters.merchant_queries import MerchantFilter
from services.merchant.domain.errors import InvalidTransition, MerchantNotFound
from services.merchant.service_layer import keys, merchants, views
from services.merchant.service_layer.audit import Actor, audit
from services.merchant.service_layer.context import MerchantContext
from shared.pagination import Page, time_and_id

EVENTS = {"suspend": "merchant.suspended", "reinstate": "merchant.reinstated"}


def change_standing(
    ctx: MerchantContext, merchant_id: str, action: str, actor: Actor, reason: str
) -> dict:
    """Suspend or reinstate; the key's cached verification is dropped before this returns, and
    a suspension retires the merchant's open key links (lock order: the merchant, then them)."""
    now = ctx.now()
    with ctx.uow() as uow:
        merchant = merchants.load(uow, merchant_id, lock=True)
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
        if action == "suspend":  # a link sent before must not hand out a key after reinstating
            for link in uow.key_links.open_of(merchant_id, now):
                uow.key_links.save(link.retire(now))
        merchant = merchants.record(uow, EVENTS[action], merchant_id, reason)
        stale = keys.hashes_of(uow, merchant_id)
        uow.after_commit(lambda: ctx.key_cache.invalidate(stale))
        uow.commit()
    return views.private_view(merchant)


def audit_trail(ctx: MerchantContext, merchant_id: str) -> dict:
    """Every recorded change of the merchant and of its application, oldest first."""
    with ctx.uow() as uow:
        merchant = merchants.load(uow, merchant_id)
        items = application_queries.audit_trail(
            uow.session, merchant_id=merchant_id, application_id=merchant.application_id
        )
    return {"merchant_id": merchant_id, "items": items}


def ops_list(ctx: MerchantContext, *, page: Page, **filters) -> dict:
    """All merchants for ops, in approval order (`filters`: those of `MerchantFilter`)."""
    return _list(ctx, views.private_view, page, filters)


def directory(ctx: MerchantContext, *, page: Page, **filters) -> dict:
    """Active merchants for the public, with their stores."""
    return _list(ctx, views.public_view, page, {**filters, "status": "active"})


def _list(ctx: MerchantContext, view, page: Page, filters: dict) -> dict:
    with ctx.session_factory() as session:
        found = merchant_queries.search(session, page, MerchantFilter(**filters))
    return page.answer(found, lambda m: time_and_id(m.created_at, m.id), view)


def public_detail(ctx: MerchantContext, merchant_id: str) -> dict:
    """One active merchant for the directory; suspended ones are not found."""
    with ctx.uow() as uow:
        merchant = merchants.load(uow, merchant_id)
    if not merchant.active:
        raise MerchantNotFound()
    return views.public_view(merchant)


def ops_detail(ctx: MerchantContext, merchant_id: str) -> dict:
    with ctx.uow() as uow:
        return views.private_view(merchants.load(uow, merchant_id))
