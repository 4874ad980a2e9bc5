"""Key links and the sealed contact messages that carry them, in SQL."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime

from cryptography.fernet import Fernet
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.merchant.adapters.orm import contact_messages, key_links


def message_cipher(pepper: str) -> Fernet:
    """The key that seals contact messages, derived from the service's pepper."""
    raw = hmac.new(pepper.encode(), b"contact-messages", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(raw))


class KeyLinkRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: dict) -> None:
        self.session.execute(insert(key_links).values(**row))

    def retire_open(self, merchant_id: str, at: datetime) -> None:
        """A new link replaces any earlier one that was not used yet."""
        self.session.execute(
            update(key_links)
            .where(
                key_links.c.merchant_id == merchant_id,
                key_links.c.used_at.is_(None),
                key_links.c.expires_at > at,
            )
            .values(expires_at=at)
        )

    def use(self, token_hash: str, at: datetime) -> dict | None:
        """Spend a valid link exactly once; return it, or None (unknown, used or expired)."""
        found = self.session.execute(
            select(key_links).where(key_links.c.token_hash == token_hash)
        ).first()
        if found is None:
            return None
        spent = self.session.execute(
            update(key_links)
            .where(
                key_links.c.id == found.id,
                key_links.c.used_at.is_(None),
                key_links.c.expires_at > at,
            )
            .values(used_at=at)
        ).rowcount
        return dict(found._mapping) if spent == 1 else None

    def queue_message(self, row: dict, body: str, cipher: Fernet) -> None:
        sealed = cipher.encrypt(body.encode()).decode()
        self.session.execute(insert(contact_messages).values(**row, sealed_body=sealed))

    def unsent_messages(
        self, cipher: Fernet, limit: int | None = 100, merchant_ids: list[str] | None = None
    ) -> list[dict]:
        """What the SMS sender delivers: recipient and opened body, oldest first."""
        query = select(contact_messages).where(contact_messages.c.sent_at.is_(None))
        if merchant_ids is not None:
            query = query.where(contact_messages.c.merchant_id.in_(merchant_ids))
        rows = self.session.execute(
            query.order_by(contact_messages.c.created_at, contact_messages.c.id).limit(limit)
        )
        return [
            {
                "id": r.id,
                "merchant_id": r.merchant_id,
                "recipient": r.recipient,
                "body": cipher.decrypt(r.sealed_body.encode()).decode(),
            }
            for r in rows
        ]
