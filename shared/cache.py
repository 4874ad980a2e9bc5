"""Cache-aside in Redis with namespace versions for invalidation and a lock against stampedes."""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from typing import Any

from redis import Redis, RedisError

from shared.local_cache import MISS as _MISS_LOCAL
from shared.local_cache import LocalTier
from shared.metrics import CACHE_REQUESTS

logger = logging.getLogger(__name__)
_MISS = object()


class Cache:
    """Owns the `cache:<name>:` key format; a Redis outage degrades to the loader."""

    def __init__(
        self,
        redis: Redis,
        name: str,
        ttl: int = 60,
        lock_ttl: float = 5.0,
        wait: float = 2.0,
        local: bool = False,
    ) -> None:
        self.redis = redis
        self.name = name
        self.ttl = ttl
        self.lock_ttl = lock_ttl
        self.wait = wait
        self._versions: dict[str, int] = {}  # last version seen per namespace (a hint)
        # Hot entries kept in this process too, dropped on every bump (shared.local_cache).
        self.local = LocalTier(redis, f"cache:{name}:bumps") if local else None

    # A namespace's version and its entries share the hash tag {name:namespace}: one slot of a
    # Redis Cluster, so that the MGET of both stays one command.
    def _version_key(self, namespace: str) -> str:
        return f"cache:{{{self.name}:{namespace}}}:ns"

    def key(self, namespace: str, version: int, key: str) -> str:
        return f"cache:{{{self.name}:{namespace}}}:v{version}:{key}"

    def invalidate(self, *namespaces: str) -> None:
        """Make every entry of these namespaces unreachable (old keys expire on their own)."""
        pipe = self.redis.pipeline()
        for ns in namespaces:
            pipe.incr(self._version_key(ns))
        pipe.execute()
        # After the bumps (a cluster pipeline cannot carry PUBLISH); it reaches every node.
        self.redis.publish(f"cache:{self.name}:bumps", json.dumps(list(namespaces)))
        if self.local is not None:
            self.local.drop(list(namespaces))  # this process need not wait for the message

    def peek(self, namespace: str, key: str) -> Any | None:
        """Return the cached value, or None on a miss or when Redis is down."""
        value = self._peek(namespace, key)
        return None if value is _MISS else value

    def _peek(self, namespace: str, key: str, ttl: int | None = None) -> Any:
        """Read an entry: from this process's copy, else usually in one round trip (one MGET of
        the namespace version and the entry under the version this process last saw)."""
        if self.local is None:
            return self._peek_redis(namespace, key)
        value = self.local.get(namespace, key)
        if value is not _MISS_LOCAL:
            CACHE_REQUESTS.labels(self.name, "hit").inc()
            return value
        generation = self.local.generation(namespace)
        value = self._peek_redis(namespace, key)
        if value is not _MISS:
            self.local.put(namespace, key, value, generation, ttl or self.ttl)
        return value

    def _peek_redis(self, namespace: str, key: str) -> Any:
        seen = self._versions.get(namespace, 0)
        try:
            current, raw = self.redis.mget(
                self._version_key(namespace), self.key(namespace, seen, key)
            )
            version = int(current or 0)
            if version != seen:
                self._remember(namespace, version)
                raw = self.redis.get(self.key(namespace, version, key))
        except RedisError:
            CACHE_REQUESTS.labels(self.name, "error").inc()
            return _MISS
        if raw is None:
            return _MISS
        CACHE_REQUESTS.labels(self.name, "hit").inc()
        return json.loads(raw)

    def _remember(self, namespace: str, version: int) -> None:
        if len(self._versions) >= 10_000:
            self._versions.clear()  # only a hint: forgetting costs one extra round trip
        self._versions[namespace] = version

    def get_or_load(
        self, namespace: str, key: str, loader: Callable[[], Any], ttl: int | None = None
    ) -> Any:
        """Return the cached value, or load it once (other callers wait) and cache it."""
        generation = self.local.generation(namespace) if self.local else 0
        value = self._peek(namespace, key, ttl)
        if value is not _MISS:
            return value
        try:
            version = int(self.redis.get(self._version_key(namespace)) or 0)
        except RedisError:
            return loader()
        CACHE_REQUESTS.labels(self.name, "miss").inc()
        try:
            value = self._load_once(self.key(namespace, version, key), loader, ttl or self.ttl)
        except RedisError:
            return loader()
        if self.local is not None:
            self.local.put(namespace, key, value, generation, ttl or self.ttl)
        return value

    def _load_once(self, full: str, loader: Callable[[], Any], ttl: int) -> Any:
        lock = f"{full}:lock"
        if not self.redis.set(lock, "1", nx=True, px=int(self.lock_ttl * 1000)):
            deadline = time.monotonic() + self.wait
            while time.monotonic() < deadline:
                time.sleep(0.01)
                raw = self.redis.get(full)
                if raw is not None:
                    return json.loads(raw)
            # the loader is slow or died: load ourselves rather than fail
        try:
            value = loader()
            jitter = random.randint(0, max(1, ttl // 10))  # spread expiry of keys cached together
            self.redis.set(full, json.dumps(value, ensure_ascii=False), ex=ttl + jitter)
            return value
        finally:
            self.redis.delete(lock)
