"""API keys: issue on approval, rotate, revoke, and verify for the gateway."""

from __future__ import annotations

import uuid
from datetime import datetime

from services.merchant.adapters import merchant_queries
from services.merchant.domain import credentials
from services.merchant.domain.api_key import ApiKey
from services.merchant.domain.errors import InvalidApiKey, MerchantSuspended, NoActiveKey
from services.merchant.service_layer import merchants, views
from services.merchant.service_layer.audit import Actor, audit
from services.merchant.service_layer.context import MerchantContext


def issue(
    ctx: MerchantContext,
    uow,
    merchant_id: str,
    actor: Actor,
    now: datetime,
    reason: str | None = None,
) -> dict:
    """Revoke the merchant's current key and add a new one; the plain key is returned once."""
    plain = credentials.new_api_key()
    old = _revoke_all(uow, merchant_id, now)
    key = ApiKey.of(
        plain, ctx.settings.api_key_pepper, id=str(uuid.uuid4()), merchant_id=merchant_id, now=now
    )
    uow.merchants.add_key(key)
    action = "rotate_key" if old else "issue_key"
    audit(uow, actor, action, now, merchant_id=merchant_id, reason=reason)
    uow.after_commit(lambda: ctx.key_cache.invalidate(old))
    return {"api_key": plain, **views.key_view(key)}


def rotate(ctx: MerchantContext, merchant_id: str, actor: Actor) -> dict:
    """Give the merchant a new key; the old one stops working when this returns."""
    now = ctx.now()
    with ctx.uow() as uow:
        merchants.load(uow, merchant_id, lock=True)
        result = issue(ctx, uow, merchant_id, actor, now)
        uow.commit()
    return result


def revoke(ctx: MerchantContext, merchant_id: str, actor: Actor) -> None:
    """Revoke the merchant's key; it has none until it rotates."""
    now = ctx.now()
    with ctx.uow() as uow:
        merchants.load(uow, merchant_id, lock=True)
        old = _revoke_all(uow, merchant_id, now)
        if not old:
            raise NoActiveKey()
        audit(uow, actor, "revoke_key", now, merchant_id=merchant_id)
        uow.after_commit(lambda: ctx.key_cache.invalidate(old))
        uow.commit()


def current(ctx: MerchantContext, merchant_id: str) -> dict:
    """The display prefix and age of the merchant's active key (never the key)."""
    with ctx.uow() as uow:
        active = uow.merchants.active_keys(merchant_id)
    if not active:
        raise NoActiveKey()
    return views.key_view(active[0])


def verify(ctx: MerchantContext, api_key: str) -> dict:
    """Return the merchant behind a key, from Redis when cached; raise if it may not act."""
    key_hash = credentials.digest(ctx.settings.api_key_pepper, api_key)
    result = ctx.key_cache.get(key_hash)
    if result is None:
        with ctx.session_factory() as session:
            found = merchant_queries.key_holder(session, key_hash)
        if found is None:
            result = {"outcome": "invalid"}
        else:
            result = {
                "outcome": found["status"],
                "merchant_id": found["merchant_id"],
                "partner_type": found["partner_type"],
            }
        ctx.key_cache.put(key_hash, result)
    if result["outcome"] == "invalid":
        raise InvalidApiKey()
    if result["outcome"] != "active":
        raise MerchantSuspended(merchant_id=result["merchant_id"])
    return {
        "merchant_id": result["merchant_id"],
        "status": "active",
        "partner_type": result["partner_type"],
    }


def hashes_of(uow, merchant_id: str) -> list[str]:
    """Hashes of the merchant's active keys, for invalidating their cached results."""
    return [k.key_hash for k in uow.merchants.active_keys(merchant_id)]


def _revoke_all(uow, merchant_id: str, now: datetime) -> list[str]:
    """Revoke every active key of the merchant; return their hashes (for the cache)."""
    revoked = [key.revoke(now) for key in uow.merchants.active_keys(merchant_id)]
    for key in revoked:
        uow.merchants.save_key(key)
    return [key.key_hash for key in revoked]
