"""What the gateway knows about API keys before it asks the merchant service.

A key that cannot be one the merchant service issued, or that it refused a moment ago, is
refused here: a flood of made-up keys then costs the merchant service (an HMAC, a Redis read,
a database look-up each) nothing. Keys it accepted a moment ago are remembered only so that
the rate limiter need not charge their address in advance (`ratelimit.py`); they are still
checked with the merchant service on every request, so a revoked key stops at once.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time

# The shape of `services.merchant.domain.credentials.new_api_key()`: a label and
# `secrets.token_urlsafe(32)` (43 URL-safe base64 characters); tests check they agree.
API_KEY_SHAPE = re.compile(r"mk_live_[A-Za-z0-9_-]{43}")
REFUSED_TTL = 30.0  # seconds a refused key is refused without asking again
ACCEPTED_TTL = 60.0
MAX_ENTRIES = 20_000


def well_formed(api_key: str) -> bool:
    return API_KEY_SHAPE.fullmatch(api_key) is not None


class KeyVerdicts:
    """Per-process memory of recent answers, by a digest of the key (never the key itself)."""

    def __init__(self, clock=time.monotonic) -> None:
        self.clock = clock
        self._until: dict[bytes, tuple[bool, float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _name(api_key: str) -> bytes:
        return hashlib.blake2b(api_key.encode(), digest_size=16).digest()

    def _known(self, api_key: str) -> bool | None:
        entry = self._until.get(self._name(api_key))
        if entry is None or entry[1] < self.clock():
            return None
        return entry[0]

    def refused_lately(self, api_key: str) -> bool:
        return self._known(api_key) is False

    def accepted_lately(self, api_key: str) -> bool:
        return self._known(api_key) is True

    def remember(self, api_key: str, accepted: bool) -> None:
        now = self.clock()
        with self._lock:
            if len(self._until) >= MAX_ENTRIES:
                self._until = {k: v for k, v in self._until.items() if v[1] >= now}
                if len(self._until) >= MAX_ENTRIES:
                    self._until.clear()  # a flood of distinct keys: forget, never grow
            self._until[self._name(api_key)] = (
                accepted,
                now + (ACCEPTED_TTL if accepted else REFUSED_TTL),
            )
