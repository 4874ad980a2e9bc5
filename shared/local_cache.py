"""A per-process copy of hot cache entries, dropped the moment Redis announces a bump.

Every `Cache.invalidate` publishes the bumped namespaces on one channel. A thread in each
process listens; only while it is subscribed is the copy used, so a message it could have
missed (a lost connection) can never leave a stale entry behind: the tier turns itself off,
clears, and comes back once subscribed again.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from redis import Redis, RedisError

from shared.redis_connect import subscriber

logger = logging.getLogger(__name__)
MISS = object()


class LocalTier:
    def __init__(self, redis: Redis, channel: str, max_entries: int = 2048) -> None:
        self.client = redis
        self.channel = channel
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self._generation: dict[str, int] = {}
        self._lock = threading.Lock()
        self._live = False
        self._started = False

    def _ensure_listener(self) -> None:
        # Started on first use, so a web server's worker starts its own after the fork.
        if not self._started:
            with self._lock:
                if not self._started:
                    self._started = True
                    threading.Thread(target=self._listen, name="cache-bumps", daemon=True).start()

    def generation(self, namespace: str) -> int:
        """Take before reading Redis; `put` refuses the value if a bump came in between."""
        return self._generation.get(namespace, 0)

    def get(self, namespace: str, key: str) -> Any:
        self._ensure_listener()
        if not self._live:
            return MISS
        found = self._entries.get((namespace, key))
        if found is None or found[0] < time.monotonic():
            return MISS
        return found[1]

    def put(self, namespace: str, key: str, value: Any, generation: int, ttl: float) -> None:
        with self._lock:
            if not self._live or self._generation.get(namespace, 0) != generation:
                return
            self._entries[(namespace, key)] = (time.monotonic() + ttl, value)
            self._entries.move_to_end((namespace, key))
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def drop(self, namespaces: list[str]) -> None:
        with self._lock:
            for ns in namespaces:
                self._generation[ns] = self._generation.get(ns, 0) + 1
            for entry in [k for k in self._entries if k[0] in namespaces]:
                del self._entries[entry]

    def _go_dark(self) -> None:
        with self._lock:
            self._live = False
            self._entries.clear()
            for ns in list(self._generation):
                self._generation[ns] += 1

    def _listen(self) -> None:
        backoff = 0.1
        while True:
            pubsub = None
            try:
                # A fresh connection each time: on a cluster, maybe to another node.
                pubsub = subscriber(self.client).pubsub(ignore_subscribe_messages=False)
                pubsub.subscribe(self.channel)
                for message in pubsub.listen():
                    if message["type"] == "subscribe":
                        # Also after redis-py reconnected by itself: bumps may have been
                        # missed in between, so start from empty.
                        self._go_dark()
                        self._live, backoff = True, 0.1
                    elif message["type"] == "message":
                        self.drop(json.loads(message["data"]))
            except (RedisError, OSError, ValueError) as err:
                logger.warning("cache bump listener lost Redis (%s); local copies off", err)
            finally:
                self._go_dark()
                if pubsub is not None:
                    with contextlib.suppress(RedisError, OSError):
                        pubsub.close()
            threading.Event().wait(backoff)
            backoff = min(backoff * 2, 5.0)
