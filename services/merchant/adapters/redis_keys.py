"""The one place the merchant service's Redis key formats live (a key's verification and its
tombstone share the hash tag {key_hash}: one slot of a Redis Cluster for the WATCH)."""

from __future__ import annotations


def key_verification(key_hash: str) -> str:
    """Cached verification result of one API key, by its HMAC (never the plain key)."""
    return f"merchant:apikey:{{{key_hash}}}"


def key_tombstone(key_hash: str) -> str:
    """Marks a key just invalidated, so a verification racing it does not re-cache stale data."""
    return f"merchant:apikey:{{{key_hash}}}:stale"
