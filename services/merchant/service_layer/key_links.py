"""Ops never see a merchant's key: a one-time link to it goes to the merchant's contact.

On approval (the first key) and when ops ask for a re-issue, the contact gets a link by SMS
(sealed in `contact_messages` until the SMS gateway sends it); opening it makes the new key,
revokes the old one, and shows the key once.
Only the link token's HMAC is stored, and the link dies on first use or after KEY_LINK_TTL_HOURS.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from services.merchant.adapters.key_link_repo import message_cipher
from services.merchant.domain import credentials
from services.merchant.domain.errors import KeyLinkInvalid, MerchantSuspended
from services.merchant.service_layer import keys, snapshot
from services.merchant.service_layer.audit import Actor, audit
from services.merchant.service_layer.context import MerchantContext

LINK_PREFIX = "kl_"
CONTACT = "merchant_contact"


def masked(mobile: str) -> str:
    """Enough of a mobile number for ops to confirm where the link went."""
    return mobile[:3] + "****" + mobile[-4:] if len(mobile) >= 8 else "****"


def request_link(ctx: MerchantContext, merchant_id: str, actor: Actor) -> dict:
    """Send the contact a one-time link to a new key; ops learn only where it went."""
    now = ctx.now()
    with ctx.uow() as uow:
        merchant = snapshot.load(uow, merchant_id, lock=True)
        if not merchant.active:
            raise MerchantSuspended()
        receipt = send_link(ctx, uow, merchant, actor, now)
        uow.commit()
    return receipt


def send_link(ctx: MerchantContext, uow, merchant, actor: Actor, now: datetime) -> dict:
    """In the caller's transaction: a new link for the merchant's contact, sealed for the SMS
    gateway, replacing any unused one; return the receipt ops may see (never the token)."""
    token = LINK_PREFIX + secrets.token_urlsafe(32)
    expires = now + timedelta(hours=ctx.settings.key_link_ttl_hours)
    link_id = str(uuid.uuid4())
    uow.key_links.retire_open(merchant.id, now)
    uow.key_links.add(
        {
            "id": link_id,
            "merchant_id": merchant.id,
            "token_hash": credentials.digest(ctx.settings.api_key_pepper, token),
            "requested_by": actor.sub,
            "requested_at": now,
            "expires_at": expires,
        }
    )
    body = (
        f"【职工普惠商城】{merchant.legal_name}的新 API 密钥: {ctx.settings.key_link_url}"
        f"{token} (一次有效, {ctx.settings.key_link_ttl_hours} 小时内)"
    )
    uow.key_links.queue_message(
        {
            "id": str(uuid.uuid4()),
            "merchant_id": merchant.id,
            "recipient": merchant.contact_mobile,
            "created_at": now,
        },
        body,
        message_cipher(ctx.settings.api_key_pepper),
    )
    audit(uow, actor, "request_key_link", now, merchant_id=merchant.id, reason=link_id)
    return {
        "id": link_id,
        "merchant_id": merchant.id,
        "sent_to": masked(merchant.contact_mobile),
        "expires_at": expires,
    }


def retrieve(ctx: MerchantContext, token: str) -> dict:
    """Spend a link: the merchant gets a new key, shown this once; the old one stops working."""
    now = ctx.now()
    with ctx.uow() as uow:
        link = uow.key_links.use(credentials.digest(ctx.settings.api_key_pepper, token), now)
        if link is None:
            raise KeyLinkInvalid()
        merchant_id = link["merchant_id"]
        if not snapshot.load(uow, merchant_id, lock=True).active:
            raise MerchantSuspended()
        who = Actor(CONTACT, merchant_id)
        requested = f"link {link['id']} requested by ops {link['requested_by']}"
        result = keys.issue(ctx, uow, merchant_id, who, now, reason=requested)
        uow.commit()
    return {**result, "merchant_id": merchant_id}
