"""A merchant's API key as stored: its peppered HMAC and display prefix, never the key."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from services.merchant.domain import credentials
from services.merchant.domain.errors import InvalidTransition


@dataclass(frozen=True)
class ApiKey:
    id: str
    merchant_id: str
    key_hash: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None = None

    @classmethod
    def of(cls, plain: str, pepper: str, *, id: str, merchant_id: str, now: datetime) -> ApiKey:
        """What is kept of the new key `plain`; the merchant sees `plain` once, then only the
        prefix."""
        return cls(
            id=id,
            merchant_id=merchant_id,
            key_hash=credentials.digest(pepper, plain),
            prefix=credentials.display_prefix(plain),
            created_at=now,
        )

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def revoke(self, now: datetime) -> ApiKey:
        """This key, revoked as of `now`: it stops working for good."""
        if not self.active:
            raise InvalidTransition("The key is revoked already.", current_status="revoked")
        return replace(self, revoked_at=now)
