"""Ops never see a merchant's key: a one-time link to it goes to the merchant's contact.

On approval (the first key) and when ops ask for a re-issue, the contact gets a link by SMS
(sealed in `contact_messages` until the SMS gateway sends it); opening it makes the new key,
revokes the old one, and shows the key once.
Only the link token's HMAC is stored, and the link dies on first use or after KEY_LINK_TTL_HOURS.

Lock order: the merchant's row first, then its key links, in every use case; retrieving by
token locks the link only once it holds the link's merchant (the other order deadlocked with
a re-issue on PostgreSQL).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from services.merchant.adapters.key_link_repo import message_cipher
from services.merchant.domain import credentials
from services.merchant.domain.errors import KeyLinkInvalid, MerchantSuspended
from services.merchant.domain.key_link import ContactMessage, KeyLink
from services.merchant.domain.merchant import Merchant
from services.merchant.service_layer import keys, merchants, views
from services.merchant.service_layer.audit import Actor, audit
from services.merchant.service_layer.context import MerchantContext

CONTACT = "merchant_contact"


def request_link(ctx: MerchantContext, merchant_id: str, actor: Actor) -> dict:
    """Send the contact a one-time link to a new key; ops learn only where it went."""
    now = ctx.now()
    with ctx.uow() as uow:
        merchant = merchants.load(uow, merchant_id, lock=True)
        if not merchant.active:
            raise MerchantSuspended()
        receipt = send_link(ctx, uow, merchant, actor, now)
        uow.commit()
    return receipt


def send_link(ctx: MerchantContext, uow, merchant: Merchant, actor: Actor, now: datetime) -> dict:
    """In the caller's transaction: a new link for the merchant's contact, sealed for the SMS
    gateway, replacing any unused one; return the receipt ops may see (never the token)."""
    s = ctx.settings
    token = credentials.new_key_link_token()
    for earlier in uow.key_links.open_of(merchant.id, now):
        uow.key_links.save(earlier.retire(now))
    link = KeyLink.requested(
        token,
        s.api_key_pepper,
        id=str(uuid.uuid4()),
        merchant_id=merchant.id,
        by=actor.sub,
        now=now,
        ttl=timedelta(hours=s.key_link_ttl_hours),
    )
    uow.key_links.add(link)
    message = ContactMessage.key_link(
        str(uuid.uuid4()), merchant, s.key_link_url, token, s.key_link_ttl_hours, now
    )
    uow.key_links.queue_message(message, message_cipher(s.api_key_pepper))
    audit(uow, actor, "request_key_link", now, merchant_id=merchant.id, reason=link.id)
    return views.link_receipt(link, merchant.contact_mobile)


def retrieve(ctx: MerchantContext, token: str) -> dict:
    """Spend a link: the merchant gets a new key, shown this once; the old one stops working."""
    token_hash = credentials.digest(ctx.settings.api_key_pepper, token)
    with ctx.uow() as uow:
        seen = uow.key_links.by_token(token_hash)  # unlocked: only to learn whose link it is
        if seen is None:
            raise KeyLinkInvalid()
        merchant = merchants.load(uow, seen.merchant_id, lock=True)
        # Read again under the locks: a re-issue or another retrieval may have closed it, and
        # the clock is read only now, after theirs, so a link they retired is seen as expired.
        now = ctx.now()
        link = uow.key_links.by_token(token_hash, lock=True).use(now)
        if not uow.key_links.save(link):
            raise KeyLinkInvalid()  # spent by a request racing this one
        if not merchant.active:
            raise MerchantSuspended()
        who = Actor(CONTACT, merchant.id)
        requested = f"link {link.id} requested by ops {link.requested_by}"
        result = keys.issue(ctx, uow, merchant.id, who, now, reason=requested)
        uow.commit()
    return {**result, "merchant_id": merchant.id}
