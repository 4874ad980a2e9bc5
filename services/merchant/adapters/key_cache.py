"""Verification results of API keys in Redis, keyed by the key's HMAC, never the key."""

from __future__ import annotations

import json
import logging

from redis import Redis, RedisError
from redis.exceptions import WatchError

from services.merchant.adapters.redis_keys import key_tombstone, key_verification
from shared.retry_later import RetryLater

logger = logging.getLogger(__name__)
TOMBSTONE_SECONDS = 10


class KeyCache:
    """Cache-aside for key verification; a Redis outage falls back to the database."""

    def __init__(self, redis: Redis, ttl: int = 300, negative_ttl: int = 30) -> None:
        self.redis = redis
        self.ttl = ttl
        self.negative_ttl = negative_ttl
        self.retries = RetryLater("key-cache-drops", give_up_after=ttl)

    def get(self, key_hash: str) -> dict | None:
        try:
            raw = self.redis.get(key_verification(key_hash))
        except RedisError:
            logger.warning("key cache unavailable; verifying against the database")
            return None
        return json.loads(raw) if raw is not None else None

    def put(self, key_hash: str, result: dict) -> None:
        """Cache a result read from the database, unless the key was invalidated meanwhile.

        The WATCH on the tombstone makes the write fail if an invalidation lands
        between our database read and this write, so a stale 'active' never sticks.
        """
        ttl = self.ttl if result.get("outcome") == "active" else self.negative_ttl
        tomb = key_tombstone(key_hash)
        try:
            with self.redis.pipeline(transaction=True) as pipe:
                pipe.watch(tomb)
                if pipe.exists(tomb):
                    return
                pipe.multi()
                pipe.set(key_verification(key_hash), json.dumps(result), ex=ttl)
                pipe.execute()
        except WatchError:
            return
        except RedisError:
            logger.warning("key cache unavailable; result not cached")

    def invalidate(self, key_hashes: list[str]) -> None:
        """Drop cached results now (after commit), and fence off racing verifications."""
        if not key_hashes:
            return
        try:
            self._drop(key_hashes)
        except RedisError:
            # The change is committed: keep trying, or a revoked key verifies until its TTL.
            logger.error("could not drop %d cached key verifications; retrying", len(key_hashes))
            what = f"dropping {len(key_hashes)} cached key verifications"
            self.retries.submit(what, lambda: self._drop(key_hashes))

    def _drop(self, key_hashes: list[str]) -> None:
        # Not one transaction (keys of several cluster slots): the tombstone goes first, so a
        # racing put() fails its WATCH; a half-done drop is retried whole.
        pipe = self.redis.pipeline(transaction=False)
        for h in key_hashes:
            pipe.set(key_tombstone(h), "1", ex=TOMBSTONE_SECONDS)
            pipe.delete(key_verification(h))
        pipe.execute()
