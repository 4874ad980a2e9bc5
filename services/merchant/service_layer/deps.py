"""What every use case needs, handed in at bootstrap (tests build their own)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.merchant.adapters.key_cache import KeyCache
    from services.merchant.adapters.uow import SqlUnitOfWork
    from services.merchant.config import MerchantSettings


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Actor:
    """Who changes something, for the audit trail."""

    role: str
    sub: str | None = None


@dataclass
class Deps:
    uow: Callable[[], SqlUnitOfWork]
    settings: MerchantSettings
    key_cache: KeyCache
    now: Callable[[], datetime] = field(default=utc_now)


def audit(
    uow: SqlUnitOfWork,
    actor: Actor,
    action: str,
    at: datetime,
    *,
    application_id: str | None = None,
    merchant_id: str | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    reason: str | None = None,
) -> None:
    """Write one audit row in the same transaction as the change it records."""
    uow.applications.add_audit(
        application_id=application_id,
        merchant_id=merchant_id,
        action=action,
        actor_role=actor.role,
        actor_sub=actor.sub,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        at=at,
    )
