"""The one place the voucher service's Redis key formats live.

Every key of one campaign's gate carries the hash tag `{campaign_id}`, so that the gate's
scripts touch a single slot of a Redis Cluster.
"""

from __future__ import annotations


def stock_key(campaign_id: str) -> str:
    """A list of the free stock slots (1..quantity) of a campaign."""
    return f"voucher:gate:{{{campaign_id}}}:stock"


def members_key(campaign_id: str) -> str:
    """A hash member_id -> vouchers claimed from the campaign."""
    return f"voucher:gate:{{{campaign_id}}}:members"


def meta_key(campaign_id: str) -> str:
    """The per-member limit when the gate is loaded and open, or 'closed'."""
    return f"voucher:gate:{{{campaign_id}}}:meta"


def idem_key(campaign_id: str, member_id: str, key: str) -> str:
    """A member's claim Idempotency-Key -> 'campaign_id|voucher_id', in the campaign's slot (a
    key reused for another campaign is caught by the database's unique key instead)."""
    return f"voucher:gate:{{{campaign_id}}}:idem:{member_id}:{key}"


def taken_key(campaign_id: str) -> str:
    """Slots committed while a rebuild was reading the database."""
    return f"voucher:gate:{{{campaign_id}}}:taken"


def rebuild_lock_key(campaign_id: str) -> str:
    return f"voucher:gate:{{{campaign_id}}}:rebuild-lock"


GATE_PATTERN = "voucher:gate:{*}:meta"
