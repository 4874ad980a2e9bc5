"""Key links and the sealed contact messages that carry them, in SQL."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import asdict
from datetime import datetime

from cryptography.fernet import Fernet
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.merchant.adapters.orm import contact_messages, key_links
from services.merchant.domain.key_link import ContactMessage, KeyLink
from shared.rows import from_row, row_by_key


def message_cipher(pepper: str) -> Fernet:
    """The key that seals contact messages, derived from the service's pepper."""
    raw = hmac.new(pepper.encode(), b"contact-messages", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(raw))


class KeyLinkRepository:
    """Key links and contact messages (domain objects), in the unit of work's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, link: KeyLink) -> None:
        self.session.execute(insert(key_links).values(**asdict(link)))

    def by_token(self, token_hash: str, *, lock: bool = False) -> KeyLink | None:
        """The link whose token has this HMAC, or None."""
        row = row_by_key(self.session, key_links.c.token_hash, token_hash, lock=lock)
        return from_row(KeyLink, row) if row else None

    def open_of(self, merchant_id: str, at: datetime) -> list[KeyLink]:
        """The merchant's links that still work `at` (unused, not expired)."""
        query = select(key_links).where(
            key_links.c.merchant_id == merchant_id,
            key_links.c.used_at.is_(None),
            key_links.c.expires_at > at,
        )
        return [from_row(KeyLink, r) for r in self.session.execute(query)]

    def save(self, link: KeyLink) -> bool:
        """Store a link's use or expiry, unless it was used meanwhile (it works only once,
        even for two requests racing with its token)."""
        query = update(key_links).where(key_links.c.id == link.id, key_links.c.used_at.is_(None))
        values = {"used_at": link.used_at, "expires_at": link.expires_at}
        return self.session.execute(query.values(**values)).rowcount == 1

    def queue_message(self, message: ContactMessage, cipher: Fernet) -> None:
        """Keep a message for the SMS gateway, its body sealed (it carries a one-time link)."""
        row = {k: v for k, v in asdict(message).items() if k != "body"}
        sealed = cipher.encrypt(message.body.encode()).decode()
        self.session.execute(insert(contact_messages).values(**row, sealed_body=sealed))

    def unsent_messages(
        self, cipher: Fernet, limit: int | None = 100, merchant_ids: list[str] | None = None
    ) -> list[ContactMessage]:
        """What the SMS sender delivers, opened, oldest first."""
        query = select(contact_messages).where(contact_messages.c.sent_at.is_(None))
        if merchant_ids is not None:
            query = query.where(contact_messages.c.merchant_id.in_(merchant_ids))
        rows = self.session.execute(
            query.order_by(contact_messages.c.created_at, contact_messages.c.id).limit(limit)
        )
        return [
            from_row(ContactMessage, r, body=cipher.decrypt(r.sealed_body.encode()).decode())
            for r in rows
        ]
