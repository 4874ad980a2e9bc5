"""Cache of public catalog reads, one namespace per family, bumped by domain events."""

from __future__ import annotations

import hashlib
import re
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
# What an event makes stale. A merchant's products follow its standing through the catalog's
# product.listings_changed, sent once the catalog has the new standing: dropping product pages on
# merchant.* itself could re-cache the catalog's answer from before it did.
EVENT_NAMESPACES: dict[str, tuple[str, ...]] = {
    "product": ("products",),
    "category": ("categories",),
    "merchant": ("merchants",),
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


class ResponseCache:
    """Owns the gateway's `cache:gateway:` keys; stores status, body and content type.

    Redis holds the shared copy, invalidated by events through namespace versions; with `local`,
    each process also keeps hot entries, dropped the moment a bump is announced
    (shared.local_cache).
    """

    def __init__(self, redis: Redis, ttl: int, local: bool = True) -> None:
        self.cache = Cache(redis, "gateway", ttl=ttl, local=local)

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

        def loader() -> dict:
            response = load()
            if response["status"] != 200:
                raise NotCacheable(response)
            return response

        try:
            value = self.cache.get_or_load(namespace, digest, loader, ttl=SHORT_TTL.get(namespace))
        except NotCacheable as err:
            return err.response
        return value

    def invalidate_for(self, event_type: str) -> tuple[str, ...]:
        namespaces = namespaces_for_event(event_type)
        if namespaces:
            self.cache.invalidate(*namespaces)
        return namespaces
