"""A merchant's categories change only through ops review, as they were set at onboarding.

The categories decide which vouchers a merchant may redeem (a campaign scoped to groceries must
not pay out at a restaurant), so a merchant only asks; ops approve or reject. The approval
publishes `merchant.updated`, and only then do the voucher and catalog copies change.

Lock order: the merchant's row first, then its requests (a new request replaces the waiting one
under the merchant's lock, so a decision takes the merchant before the request it decides).
"""

from __future__ import annotations

import uuid
from dataclasses import asdict

from services.merchant.adapters import category_change_queries, merchant_queries
from services.merchant.domain.category_change import CategoryChange
from services.merchant.domain.errors import CategoryChangeNotFound, InvalidTransition
from services.merchant.domain.merchant import Merchant
from services.merchant.domain.model import ChangeStatus
from services.merchant.service_layer import merchants
from services.merchant.service_layer.audit import Actor, audit
from services.merchant.service_layer.context import MerchantContext
from shared.pagination import Page, time_and_id


def request(
    uow, merchant: Merchant, categories: list[str], actor: Actor, now
) -> CategoryChange | None:
    """Ask for other categories (replacing an earlier request still waiting); None if unchanged."""
    pending = uow.category_changes.pending_of(merchant.id)
    if sorted(categories) == sorted(merchant.categories):
        if pending:  # back to what ops approved: nothing left to review
            pending.withdraw(now)
            uow.category_changes.save(pending, ChangeStatus.PENDING)
        return None
    if pending:
        pending.replace(categories, now)
        uow.category_changes.save(pending, ChangeStatus.PENDING)
        change = pending
    else:
        change = CategoryChange(str(uuid.uuid4()), merchant.id, list(categories), now)
        uow.category_changes.add(change)
    audit(
        uow, actor, "request_categories", now, merchant_id=merchant.id,
        reason="asked for: " + ", ".join(categories),
    )  # fmt: skip
    return change


def pending_categories(uow, merchant_id: str) -> list[str] | None:
    pending = uow.category_changes.pending_of(merchant_id)
    return pending.categories if pending else None


def queue(ctx: MerchantContext, *, page: Page, status: str) -> dict:
    with ctx.session_factory() as session:
        found = category_change_queries.queue(session, status=status, page=page)
        changes, next_cursor = page.cut(found, lambda c: time_and_id(c.requested_at, c.id))
        current = merchant_queries.categories_of(session, [c.merchant_id for c in changes])
    items = [{**asdict(c), "current_categories": current.get(c.merchant_id, [])} for c in changes]
    return {"items": items, "next_cursor": next_cursor}


def decide(
    ctx: MerchantContext, change_id: str, action: str, actor: Actor, reason: str | None
) -> dict:
    """Approve (the merchant's categories change, consumers hear it) or reject a request."""
    now = ctx.now()
    with ctx.uow() as uow:
        seen = uow.category_changes.get(change_id)  # unlocked: only to learn whose request
        if seen is None:
            raise CategoryChangeNotFound()
        merchant_id = seen.merchant_id
        merchants.load(uow, merchant_id, lock=True)
        # Read again under the locks: the merchant may have replaced or withdrawn it meanwhile.
        change = uow.category_changes.get(change_id, lock=True)
        change.decide(action, actor.sub, reason, now)
        if not uow.category_changes.save(change, ChangeStatus.PENDING):
            raise InvalidTransition("The request changed meanwhile; reload it.")
        if change.approved:
            uow.merchants.set_categories(merchant_id, change.categories)
            uow.merchants.touch(merchant_id, now)
            merchants.record(uow, "merchant.updated", merchant_id)
        audit(
            uow, actor, f"{action}_categories", now, merchant_id=merchant_id,
            reason=reason or ", ".join(change.categories),
        )  # fmt: skip
        uow.commit()
    return asdict(change)
