"""Per-process leases on the shared rate-limit budgets in Redis.

Every hit is still counted in Redis before it is admitted, but a process that sees a key
often counts several at once (one `INCRBY` through the `limits` library's fixed-window
storage) and hands them out locally. What bounds it:

- never more admitted than the limit in a window: a lease is granted only out of what the
  Redis counter had left, and it lapses a margin before that window ends;
- leases start at one hit and double only when the previous one ran out within its short life,
  so a caller seen now and then is counted one by one and nobody's budget is taken in bulk;
- a lease is at most `1/LEASE_SHARE` of the limit, so budgets of a few dozen are exact.

A refused request therefore may come a little early when other processes still hold
unused hits of the same budget; it never comes late. Once Redis has refused a key, the
process refuses it by itself until the window resets, so a flood that has spent its budget
costs Redis nothing more.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass

from limits import RateLimitItem
from limits.storage import RedisClusterStorage, RedisStorage
from redis import Redis
from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError
from redis.exceptions import TimeoutError as RedisTimeoutError

LEASE_SECONDS = 1.0  # how long handed-out hits stay usable in one process
WINDOW_MARGIN = 1.5  # Redis reports a window's end to the second; stop leasing this early
LEASE_SHARE = 20  # a lease is at most this fraction of the limit
MAX_LEASE = 64
MAX_KEYS = 50_000  # past this, expired leases are swept
# The limits library's INCRBY-and-expire (`incr_expire.lua`) over several counters at once:
# each key is counted exactly as the library counts it, in one script call, not one per key.
# Each count comes with its key's TTL, which a lease needs to know when its window ends.
INCR_EXPIRE_ALL = """
local counts = {}
for i, key in ipairs(KEYS) do
    local amount = tonumber(ARGV[2 * i])
    local current = redis.call("incrby", key, amount)
    if current == amount then
        redis.call("expire", key, ARGV[2 * i - 1])
    end
    counts[2 * i - 1] = current
    counts[2 * i] = redis.call("ttl", key)
end
return counts
"""


class ScriptCalls:
    """EVALSHA of one script on a Redis connection of each thread's own.

    redis-py's client spends more Python on a command (a pool check-out that polls the socket,
    retries, observability hooks) than the round trip costs, and a claim asks once. A connection
    that fails is dropped and the call made once more on a new one (then the error is raised);
    a server that lost the script (NOSCRIPT) is given it again.
    """

    def __init__(self, client: Redis, text: str) -> None:
        self.pool = client.connection_pool
        self.text = text
        # the name Redis knows a script by
        self.sha = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
        self.local = threading.local()

    def connection(self) -> Connection:
        """This thread's connection (a forked process makes its own)."""
        pid = os.getpid()
        if getattr(self.local, "pid", None) != pid:
            self.local.connection, self.local.pid = None, pid
        if self.local.connection is None:
            self.local.connection = self.pool.connection_class(**self.pool.connection_kwargs)
        return self.local.connection

    def __call__(self, keys: list[str], args: list) -> list:
        for attempt in range(2):
            connection = self.connection()
            try:
                return self._eval(connection, keys, args)
            except (RedisConnectionError, RedisTimeoutError):
                connection.disconnect()
                self.local.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _eval(self, connection: Connection, keys: list[str], args: list) -> list:
        try:
            connection.send_command("EVALSHA", self.sha, len(keys), *keys, *args)
            return connection.read_response()
        except NoScriptError:
            connection.send_command("SCRIPT", "LOAD", self.text)
            connection.read_response()
            connection.send_command("EVALSHA", self.sha, len(keys), *keys, *args)
            return connection.read_response()


@dataclass
class Lease:
    left: int  # hits still to hand out
    size: int  # what was asked for last time
    until: float  # monotonic: when the unused hits lapse
    window_end: float  # monotonic: a safe estimate of the Redis window's end


class LeasedCounter:
    """Admit hits against fixed-window budgets in Redis, counting busy keys in leases."""

    def __init__(self, storage: RedisStorage, clock=time.monotonic) -> None:
        self.storage = storage
        self.clock = clock
        self.leases: dict[str, Lease] = {}
        self.refused: dict[str, float] = {}  # key -> wall-clock time its window resets
        self.lock = threading.Lock()
        # one script call over several keys needs them on one server (a cluster splits them)
        self.script = (
            None
            if isinstance(storage, RedisClusterStorage)
            else ScriptCalls(storage.get_connection(), INCR_EXPIRE_ALL)
        )

    def refused_until(self, key: str) -> float | None:
        """When a budget known to be spent resets (wall clock), or None if it is not known.

        `key` is `item.key_for(...)`, as for every method here.
        """
        reset = self.refused.get(key)
        if reset is None:
            return None
        if reset <= time.time():
            self.refused.pop(key, None)
            return None
        return reset

    def refuse(self, key: str, reset: float) -> None:
        """Remember that Redis refused this budget until `reset` (wall clock)."""
        with self.lock:
            if len(self.refused) >= MAX_KEYS:
                now = time.time()
                self.refused = {k: r for k, r in self.refused.items() if r > now}
            self.refused[key] = reset

    def hit(self, item: RateLimitItem, key: str) -> bool:
        """Count one hit; False once the budget is spent. Raises RedisError when Redis fails."""
        return self.hit_all([(item, key)])[0]

    def hit_all(self, budgets: list[tuple[RateLimitItem, str]]) -> list[bool]:
        """Count one hit on each budget, asking Redis once for all those without a lease."""
        now = self.clock()
        admitted: list[bool] = []
        asks: list[tuple[int, RateLimitItem, str, int]] = []  # (index, item, key, size)
        with self.lock:
            for i, (item, key) in enumerate(budgets):
                lease = self.leases.get(key)
                if lease and lease.left > 0 and now < lease.until:
                    lease.left -= 1
                    admitted.append(True)
                else:
                    admitted.append(False)
                    asks.append((i, item, key, self._next_size(item, lease, now)))
        if asks:
            counted = self._incr_all([(item, key, size) for _, item, key, size in asks])
            for (i, item, key, size), (count, ttl) in zip(asks, counted, strict=True):
                admitted[i] = self._granted(item, key, count, size, now, ttl)
        return admitted

    def _incr_all(self, asks: list[tuple[RateLimitItem, str, int]]) -> list[tuple[int, int | None]]:
        """INCRBY-and-expire each key, in one round trip (one script call on one server);
        (count, TTL in seconds) for each, the TTL None when Redis was not asked."""
        if self.script is not None:
            args: list[int] = []
            for item, _key, size in asks:
                args += (item.get_expiry(), size)
            keys = [self.storage.prefixed_key(key) for _item, key, _size in asks]
            found = self.script(keys, args)
            return [(int(found[i]), int(found[i + 1])) for i in range(0, len(found), 2)]
        if len(asks) == 1:
            item, key, size = asks[0]
            return [(self.storage.incr(key, item.get_expiry(), amount=size), None)]
        return [(count, None) for count in self._incr_pipelined(asks)]

    def _incr_pipelined(self, asks: list[tuple[RateLimitItem, str, int]]) -> list[int]:
        """A cluster: the library's script per key, pipelined (each key to its own node)."""
        script = self.storage.lua_incr_expire
        pipe = self.storage.get_connection().pipeline(transaction=False)
        for item, key, size in asks:
            # EVALSHA itself: a pipeline holding the Script object would first ask Redis
            # `SCRIPT EXISTS`, a second round trip, every time.
            pipe.evalsha(script.sha, 1, self.storage.prefixed_key(key), item.get_expiry(), size)
        counts = []
        for (item, key, size), count in zip(asks, pipe.execute(raise_on_error=False), strict=True):
            if isinstance(count, NoScriptError):  # Redis lost its scripts: load, count alone
                count = self.storage.incr(key, item.get_expiry(), amount=size)
            elif isinstance(count, Exception):
                raise count
            counts.append(int(count))
        return counts

    def _granted(
        self, item: RateLimitItem, key: str, count: int, size: int, now: float, ttl: int | None
    ) -> bool:
        """Take a lease out of what the Redis counter had left; False if nothing was left."""
        granted = min(size, item.amount - (count - size))  # what the window still had
        if granted <= 0:
            return False
        window_end = self._window_end(key, item, count, size, now, ttl)
        with self.lock:
            if len(self.leases) >= MAX_KEYS:
                self._sweep(now)
            self.leases[key] = Lease(
                left=granted - 1 if now < window_end else 0,
                size=size,
                until=min(now + LEASE_SECONDS, window_end),
                window_end=window_end,
            )
        return True

    def _next_size(self, item: RateLimitItem, lease: Lease | None, now: float) -> int:
        cap = min(MAX_LEASE, item.amount // LEASE_SHARE)
        if cap <= 1 or lease is None or now >= lease.until:
            return 1  # cold, or too small a budget to share out
        if now + LEASE_SECONDS >= lease.window_end:
            return 1  # the window closes soon: a lease would outlive it
        return min(cap, lease.size * 2)  # ran out while still fresh: ask for more

    def _window_end(
        self, key: str, item: RateLimitItem, count: int, size: int, now: float, ttl: int | None
    ) -> float:
        """A safe estimate of when the counted window ends (monotonic clock)."""
        if count == size:  # this call opened the window
            return now + item.get_expiry() - WINDOW_MARGIN
        if size == 1:  # a single hit needs no end; one is learnt before leasing more
            return float("inf")
        if ttl is None:  # a cluster: ask (the library's get_expiry is TTL + now)
            ttl = self.storage.get_expiry(key) - time.time()
        return now + max(ttl, 0) - WINDOW_MARGIN

    def _sweep(self, now: float) -> None:
        for key in [k for k, lease in self.leases.items() if now >= lease.until]:
            del self.leases[key]
