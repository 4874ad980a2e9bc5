"""A one-time link to a new API key, and the message that takes it to the merchant's contact.

Only the link token's HMAC is kept; the link works once, until it expires or a newer one
replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from services.merchant.domain import credentials
from services.merchant.domain.errors import KeyLinkInvalid
from services.merchant.domain.merchant import Merchant


@dataclass(frozen=True)
class KeyLink:
    id: str
    merchant_id: str
    token_hash: str
    requested_by: str | None
    requested_at: datetime
    expires_at: datetime
    used_at: datetime | None = None

    @classmethod
    def requested(
        cls,
        token: str,
        pepper: str,
        *,
        id: str,
        merchant_id: str,
        by: str | None,
        now: datetime,
        ttl: timedelta,
    ) -> KeyLink:
        """What is kept of a link to `token` that `by` asked for at `now`: the token's HMAC
        only, and until when it works."""
        return cls(
            id=id,
            merchant_id=merchant_id,
            token_hash=credentials.digest(pepper, token),
            requested_by=by,
            requested_at=now,
            expires_at=now + ttl,
        )

    def is_open(self, now: datetime) -> bool:
        """Say whether the link still works: never used and not expired."""
        return self.used_at is None and now < self.expires_at

    def use(self, now: datetime) -> KeyLink:
        """This link, spent at `now`; KeyLinkInvalid if it was used or has expired."""
        if not self.is_open(now):
            raise KeyLinkInvalid()
        return replace(self, used_at=now)

    def retire(self, now: datetime) -> KeyLink:
        """This link, expired at `now` (a newer one replaces it)."""
        return replace(self, expires_at=now) if self.is_open(now) else self


@dataclass(frozen=True)
class ContactMessage:
    """A text for a merchant's contact, waiting for the SMS gateway (stored sealed)."""

    id: str
    merchant_id: str
    recipient: str
    body: str
    created_at: datetime

    @classmethod
    def key_link(
        cls, id: str, merchant: Merchant, link_url: str, token: str, ttl_hours: int, now: datetime
    ) -> ContactMessage:
        """The text that takes `token`'s link (after `#`, so it never reaches a server log) to
        the merchant's contact mobile."""
        body = (
            f"【职工普惠商城】{merchant.legal_name}的新 API 密钥: {link_url}"
            f"{token} (一次有效, {ttl_hours} 小时内)"
        )
        return cls(id, merchant.id, merchant.contact_mobile, body, now)
