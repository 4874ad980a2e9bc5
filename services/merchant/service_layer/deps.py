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


def audit(uow: SqlUnitOfWork, actor: Actor, action: str, at: datetime, **about: str | None) -> None:
    """Write one audit row in the same transaction as the change it records.

    `about` names what changed and how, each optional: application_id, merchant_id,
    from_state, to_state, reason (the audit_log columns; an unknown name fails the insert).
    """
    uow.applications.add_audit(
        action=action, actor_role=actor.role, actor_sub=actor.sub, at=at, **about
    )
