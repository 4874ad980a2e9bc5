"""The audit trail: who changed what, when and why, written with the change itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.merchant.adapters.uow import MerchantUnitOfWork


@dataclass(frozen=True)
class Actor:
    """Who changes something, for the audit trail."""

    role: str
    sub: str | None = None


def audit(
    uow: MerchantUnitOfWork, actor: Actor, action: str, at: datetime, **about: str | None
) -> None:
    """Write one audit row in the same transaction as the change it records.

    `about` names what changed and how, each optional: application_id, merchant_id,
    from_state, to_state, reason (the audit_log columns; an unknown name fails the insert).
    """
    uow.applications.add_audit(
        action=action, actor_role=actor.role, actor_sub=actor.sub, at=at, **about
    )
