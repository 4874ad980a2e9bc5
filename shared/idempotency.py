"""Idempotency keys in Redis: the same key and body give the first result, once."""

from __future__ import annotations

import json
from dataclasses import dataclass

from redis import Redis

from shared.errors import IdempotencyConflict, IdempotencyMismatch


@dataclass(frozen=True)
class StoredResult:
    status: int
    body: str
    mimetype: str


class IdempotencyStore:
    """Owns the `idem:` key format of one service."""

    def __init__(
        self, redis: Redis, service: str, in_flight_ttl: int = 60, result_ttl: int = 24 * 3600
    ) -> None:
        self.redis = redis
        self.service = service
        self.in_flight_ttl = in_flight_ttl
        self.result_ttl = result_ttl

    def key(self, scope: str, key: str) -> str:
        return f"idem:{self.service}:{scope}:{key}"

    def begin(self, scope: str, key: str, fingerprint: str) -> StoredResult | None:
        """Claim the key; return the earlier result if there is one."""
        rkey = self.key(scope, key)
        marker = json.dumps({"state": "in_flight", "fp": fingerprint})
        if self.redis.set(rkey, marker, nx=True, ex=self.in_flight_ttl):
            return None
        raw = self.redis.get(rkey)
        if raw is None:  # expired in between: try once more
            return self.begin(scope, key, fingerprint)
        stored = json.loads(raw)
        if stored["fp"] != fingerprint:
            raise IdempotencyMismatch()
        if stored["state"] == "in_flight":
            raise IdempotencyConflict()
        return StoredResult(stored["status"], stored["body"], stored["mimetype"])

    def finish(self, scope: str, key: str, fingerprint: str, result: StoredResult) -> None:
        value = {
            "state": "done",
            "fp": fingerprint,
            "status": result.status,
            "body": result.body,
            "mimetype": result.mimetype,
        }
        self.redis.set(self.key(scope, key), json.dumps(value), ex=self.result_ttl)

    def abandon(self, scope: str, key: str) -> None:
        self.redis.delete(self.key(scope, key))
