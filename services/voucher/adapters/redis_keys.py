"""The one place the voucher service's Redis key formats live."""

from __future__ import annotations


def stock_key(campaign_id: str) -> str:
    """A list of the free stock slots (1..quantity) of a campaign."""
    return f"voucher:gate:{campaign_id}:stock"


def members_key(campaign_id: str) -> str:
    """A hash member_id -> vouchers claimed from the campaign."""
    return f"voucher:gate:{campaign_id}:members"


def meta_key(campaign_id: str) -> str:
    """The per-member limit when the gate is loaded and open, or 'closed'."""
    return f"voucher:gate:{campaign_id}:meta"


def idem_key(member_id: str, key: str) -> str:
    """A member's claim Idempotency-Key -> 'campaign_id|voucher_id'."""
    return f"voucher:idem:{member_id}:{key}"


def taken_key(campaign_id: str) -> str:
    """Slots committed while a rebuild was reading the database."""
    return f"voucher:gate:{campaign_id}:taken"


def rebuild_lock_key(campaign_id: str) -> str:
    return f"voucher:gate:{campaign_id}:rebuild-lock"


GATE_PATTERN = "voucher:gate:*:meta"
