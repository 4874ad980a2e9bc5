"""Cache of public catalog reads, one namespace per family, bumped by domain events."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable

from redis import Redis

from shared.cache import Cache
from shared.principal import Principal

CACHED_READS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"/api/v1/products(/[^/]+)?"), "products"),
    (re.compile(r"/api/v1/categories(/.*)?"), "categories"),
    (re.compile(r"/api/v1/merchants(/[^/]+)?"), "merchants"),
    (re.compile(r"/api/v1/campaigns"), "campaigns"),
)
# What an event makes stale: a suspended merchant's products vanish from the lists too.
EVENT_NAMESPACES: dict[str, tuple[str, ...]] = {
    "product": ("products",),
    "category": ("categories",),
    "merchant": ("merchants", "products"),
    "campaign": ("campaigns",),
}
SHORT_TTL = {"campaigns": 5}  # claim windows open on the minute: keep the open list fresh


class NotCacheable(Exception):
    """The service answered with something other than 200; pass it on, uncached."""

    def __init__(self, response: dict) -> None:
        super().__init__(response["status"])
        self.response = response


def namespaces_for_event(event_type: str) -> tuple[str, ...]:
    """Return the cache namespaces an event type makes stale."""
    return EVENT_NAMESPACES.get(event_type.split(".", 1)[0], ())


class LocalCache:
    """A per-process copy of hot entries for a moment, so a hit costs no Redis round trip."""

    def __init__(self, ttl: float, max_entries: int = 2048) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: dict[tuple[str, str], tuple[float, dict]] = {}

    def get(self, key: tuple[str, str]) -> dict | None:
        found = self._entries.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, key: tuple[str, str], value: dict) -> None:
        if len(self._entries) >= self.max_entries:
            self._entries.clear()  # crude, but bounded; hot keys come back at once
        self._entries[key] = (time.monotonic() + self.ttl, value)

    def drop(self, namespaces: tuple[str, ...]) -> None:
        for key in [k for k in self._entries if k[0] in namespaces]:
            self._entries.pop(key, None)


class ResponseCache:
    """Owns the gateway's `cache:gateway:` keys; stores status, body and content type.

    Redis holds the shared copy (invalidated by events through namespace versions); each
    process keeps a copy for `local_ttl` seconds, which bounds how late an invalidation shows.
    """

    def __init__(self, redis: Redis, ttl: int, local_ttl: float = 1.0) -> None:
        self.cache = Cache(redis, "gateway", ttl=ttl)
        self.local = LocalCache(local_ttl) if local_ttl > 0 else None

    @staticmethod
    def namespace_for(method: str, path: str, principal: Principal) -> str | None:
        """Only anonymous GETs are shared between callers, so only they are cached."""
        if method != "GET" or principal.role != "anonymous":
            return None
        path = path.rstrip("/")
        return next((ns for pattern, ns in CACHED_READS if pattern.fullmatch(path)), None)

    def fetch(self, namespace: str, path: str, query: str, load: Callable[[], dict]) -> dict:
        """Return {status, body, content_type}, loading and caching a 200 answer once."""
        digest = hashlib.sha256(f"{path}?{query}".encode()).hexdigest()[:32]
        if self.local is not None:
            hit = self.local.get((namespace, digest))
            if hit is not None:
                return hit

        def loader() -> dict:
            response = load()
            if response["status"] != 200:
                raise NotCacheable(response)
            return response

        try:
            value = self.cache.get_or_load(namespace, digest, loader, ttl=SHORT_TTL.get(namespace))
        except NotCacheable as err:
            return err.response
        if self.local is not None:
            self.local.put((namespace, digest), value)
        return value

    def invalidate_for(self, event_type: str) -> tuple[str, ...]:
        namespaces = namespaces_for_event(event_type)
        if namespaces:
            self.cache.invalidate(*namespaces)
            if self.local is not None:
                self.local.drop(namespaces)
        return namespaces
