"""API keys, application secrets, key-link tokens: random, shown once, kept as a peppered HMAC."""

from __future__ import annotations

import hashlib
import hmac
import secrets

API_KEY_PREFIX = "mk_live_"
SECRET_PREFIX = "as_"  # noqa: S105 - a label, not a secret
# The shape `new_application_secret()` makes: the label and `token_urlsafe(24)` (32 characters).
SECRET_PATTERN = "^as_[A-Za-z0-9_-]{32}$"  # noqa: S105 - a shape, not a secret
KEY_LINK_PREFIX = "kl_"
DISPLAY_CHARS = 12  # "mk_live_" and 4 random characters: enough to tell keys apart


def new_api_key() -> str:
    """Return a fresh merchant API key (256 bits of randomness)."""
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def new_application_secret() -> str:
    """Return a fresh secret with which an applicant checks on the application."""
    return SECRET_PREFIX + secrets.token_urlsafe(24)


def new_key_link_token() -> str:
    """Return a fresh one-time key-link token, sent to a merchant's contact (256 bits)."""
    return KEY_LINK_PREFIX + secrets.token_urlsafe(32)


def digest(pepper: str, value: str) -> str:
    """Return the HMAC-SHA256 (hex) under which a key or secret is stored and looked up."""
    return hmac.new(pepper.encode(), value.encode(), hashlib.sha256).hexdigest()


def matches(pepper: str, value: str, stored_digest: str) -> bool:
    """Compare in constant time."""
    return hmac.compare_digest(digest(pepper, value), stored_digest)


def display_prefix(api_key: str) -> str:
    """Return the non-secret start of a key that the merchant sees in its back office."""
    return api_key[:DISPLAY_CHARS]
