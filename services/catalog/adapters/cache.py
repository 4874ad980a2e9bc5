"""Catalog cache: shared.cache.Cache plus invalidation that survives a Redis outage."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from redis import Redis, RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from services.catalog.adapters import redis_keys
from shared.cache import Cache
from shared.errors import DomainError
from shared.retry_later import RetryLater

logger = logging.getLogger(__name__)


class CacheUnavailable(DomainError):
    """The cache cannot be reached right now; try again shortly."""


class CatalogCache:
    """Cache-aside for browse pages and product details, versioned by namespace."""

    def __init__(self, redis: Redis, ttl: int = 60) -> None:
        self.redis = redis
        self.cache = Cache(redis, redis_keys.CACHE_NAME, ttl=ttl, local=True)
        self.retries = RetryLater("catalog-cache-bumps", give_up_after=ttl)

    def peek(self, namespace: str, key: str) -> Any | None:
        """Return a cached value in (usually) one round trip, or None."""
        return self.cache.peek(namespace, key)

    def get_or_load(self, namespace: str, key: str, loader: Callable[[], Any]) -> Any:
        return self.cache.get_or_load(namespace, key, loader)

    def invalidate(self, namespaces: Iterable[str]) -> None:
        """Bump the namespaces; while Redis is away, keep trying in the background."""
        names = sorted(set(namespaces))
        if not names:
            return
        try:
            self.cache.invalidate(*names)
        except RedisError as err:
            logger.warning("cache invalidation failed for %d namespaces: %s", len(names), err)
            what = f"bumping {len(names)} namespaces"
            self.retries.submit(what, lambda: self.cache.invalidate(*names))

    def invalidate_around_commit(self, session: Session, namespaces: Iterable[str]) -> None:
        """Bump now and again after the session commits.

        The first bump makes readers miss at once; the second drops anything a reader cached
        from the database between the first bump and the commit.
        """
        names = set(namespaces)
        self.invalidate(names)
        event.listen(session, "after_commit", lambda _s: self.invalidate(names), once=True)

    def invalidate_everything(self) -> int:
        """Bump every catalog namespace there is (ops); return how many were bumped."""
        names = {redis_keys.LISTS, redis_keys.CATEGORIES}
        try:
            for key in self.redis.scan_iter(match=redis_keys.all_namespaces_pattern(), count=500):
                names.add(redis_keys.namespace_of(key.decode()))
            self.cache.invalidate(*sorted(names))
        except RedisError as err:
            raise CacheUnavailable(f"Redis is unavailable: {err}") from err
        return len(names)
