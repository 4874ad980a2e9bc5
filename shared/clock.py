"""The wall clock every service's context starts with; a test hands in its own `now`."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """Now, timezone-aware UTC (the house rule for time)."""
    return datetime.now(UTC)
