"""Idempotency keys in Redis: the same key and body give the first result, once.

A stored answer may hold a secret (an applicant's one-time secret, a new API key), so Redis
never sees it, nor the caller's key, in plain text: the entry is named by an HMAC of the key
and its answer is encrypted (Fernet) with a second HMAC of it. Only a caller presenting the
same key can have it back; a copy of Redis alone reveals nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
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
        self,
        redis: Redis,
        service: str,
        secret: str,
        in_flight_ttl: int = 60,
        result_ttl: int = 24 * 3600,
    ) -> None:
        self.redis = redis
        self.service = service
        self.secret = secret.encode()
        self.in_flight_ttl = in_flight_ttl
        self.result_ttl = result_ttl

    def _derive(self, purpose: str, scope: str, key: str) -> bytes:
        return hmac.new(self.secret, f"{purpose}\0{scope}\0{key}".encode(), hashlib.sha256).digest()

    def key(self, scope: str, key: str) -> str:
        return f"idem:{self.service}:{self._derive('name', scope, key).hex()}"

    def _cipher(self, scope: str, key: str) -> Fernet:
        return Fernet(base64.urlsafe_b64encode(self._derive("seal", scope, key)))

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
        try:
            answer = json.loads(self._cipher(scope, key).decrypt(stored["answer"].encode()))
        except (InvalidToken, KeyError, ValueError):
            # sealed under another secret (rotated) or damaged: forget it, handle afresh
            self.redis.delete(rkey)
            return self.begin(scope, key, fingerprint)
        return StoredResult(answer["status"], answer["body"], answer["mimetype"])

    def finish(self, scope: str, key: str, fingerprint: str, result: StoredResult) -> None:
        answer = json.dumps(
            {"status": result.status, "body": result.body, "mimetype": result.mimetype}
        )
        value = {
            "state": "done",
            "fp": fingerprint,
            "answer": self._cipher(scope, key).encrypt(answer.encode()).decode(),
        }
        self.redis.set(self.key(scope, key), json.dumps(value), ex=self.result_ttl)

    def abandon(self, scope: str, key: str) -> None:
        self.redis.delete(self.key(scope, key))
