"""Leased counting against real Redis: never more than the limit, never past a window's end."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from limits import parse
from limits.storage import RedisStorage

from services.gateway.leases import (
    INCR_EXPIRE_ALL,
    LEASE_SECONDS,
    MAX_LEASE,
    LeasedCounter,
    ScriptCalls,
)


class CountingStorage(RedisStorage):
    """The library's Redis storage, recording the commands that reach Redis through its
    client and through the counters' own connections (`counted`)."""

    def __init__(self, url: str) -> None:
        super().__init__(url, key_prefix="test:leases")
        self.sent: list[str] = []
        connection = self.get_connection()
        real = connection.execute_command

        def recording(*args, **options):
            self.sent.append(args[0])
            return real(*args, **options)

        connection.execute_command = recording

    def counted(self, counter: LeasedCounter) -> LeasedCounter:
        """`counter`, its script's commands recorded too."""
        connection = counter.script.connection()
        connection.connect()  # its handshake (HELLO, SELECT) is not a counted round trip
        real = connection.send_command

        def recording(*args, **options):
            self.sent.append(" ".join(str(a) for a in args[:2]) if args[0] == "SCRIPT" else args[0])
            return real(*args, **options)

        connection.send_command = recording
        return counter

    @property
    def increments(self) -> int:
        """Round trips that counted hits (each with its TTL: a lease asks nothing more)."""
        assert "TTL" not in self.sent
        return self.sent.count("EVALSHA")


@pytest.fixture
def storage(redis_url):
    return CountingStorage(redis_url)


def test_a_small_budget_is_counted_hit_by_hit_and_exactly(storage):
    limit = parse("30/minute")
    counter = storage.counted(LeasedCounter(storage))
    admitted = sum(counter.hit(limit, limit.key_for("ip:1")) for _ in range(40))
    assert admitted == 30
    assert storage.increments == 40


def test_a_busy_key_costs_a_redis_round_trip_per_lease_not_per_hit(storage):
    limit = parse("1000000/minute")
    counter = storage.counted(LeasedCounter(storage))
    assert all(counter.hit(limit, limit.key_for("ip:2")) for _ in range(2000))
    counted = storage.get(limit.key_for("ip:2"))
    assert 2000 <= counted <= 2000 + MAX_LEASE  # every admitted hit is in Redis first
    assert storage.increments < 2000 / MAX_LEASE + 10


def test_a_rare_caller_is_not_charged_for_hits_it_never_made(storage):
    limit = parse("600/minute")
    ticks = [time.monotonic()]
    counter = LeasedCounter(storage, clock=lambda: ticks[0])
    for _ in range(3):
        assert counter.hit(limit, limit.key_for("member:m1"))
        ticks[0] += LEASE_SECONDS + 0.1  # slower than a lease lives
    assert storage.get(limit.key_for("member:m1")) == 3


def test_the_last_hits_of_a_window_are_granted_as_far_as_they_go(storage):
    limit = parse("100/minute")  # leases of up to 5
    key = limit.key_for("member:m2")
    storage.incr(key, limit.get_expiry(), amount=97)
    counter = LeasedCounter(storage)
    admitted = [counter.hit(limit, limit.key_for("member:m2")) for _ in range(6)]
    assert admitted == [True, True, True, False, False, False]


def test_processes_sharing_a_budget_never_admit_more_than_it(storage, redis_url):
    limit = parse("500/minute")
    processes = [LeasedCounter(RedisStorage(redis_url, key_prefix="test:leases")) for _ in range(2)]
    admitted = []
    lock = threading.Lock()

    def hammer(counter: LeasedCounter) -> None:
        mine = sum(counter.hit(limit, limit.key_for("ip:3")) for _ in range(250))
        with lock:
            admitted.append(mine)

    threads = [threading.Thread(target=hammer, args=(p,)) for p in processes for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # unused hits left in the two processes' last leases may refuse a few early, never late
    assert 500 - 2 * (500 // 20) <= sum(admitted) <= 500


def test_a_lease_lapses_before_its_redis_window_ends(storage, redis_client):
    limit = parse("100000/4 seconds")
    counter = LeasedCounter(storage)
    key = limit.key_for("ip:4")
    for _ in range(500):
        assert counter.hit(limit, limit.key_for("ip:4"))
    lease = counter.leases[key]
    assert lease.left > 0  # a lease is in hand
    window_left = redis_client.pttl(f"test:leases:{key}") / 1000
    assert lease.until < time.monotonic() + window_left
    # once the window has gone, the next hit is counted in the new one
    while redis_client.exists(f"test:leases:{key}"):
        time.sleep(0.05)
    assert counter.hit(limit, limit.key_for("ip:4"))
    assert storage.get(key) >= 1


def test_a_refusal_is_remembered_until_its_window_resets(storage):
    limit = parse("10/minute")
    counter = LeasedCounter(storage)
    key, other = limit.key_for("ip:5"), limit.key_for("ip:6")
    assert counter.refused_until(key) is None
    counter.refuse(key, time.time() + 0.3)
    assert counter.refused_until(key) is not None
    assert counter.refused_until(other) is None  # only that key
    time.sleep(0.35)
    assert counter.refused_until(key) is None


def test_budgets_without_a_lease_are_counted_by_one_script_call(storage):
    connection = storage.get_connection()
    connection.script_load(INCR_EXPIRE_ALL)  # as after the first call since Redis started
    member, claims = parse("600/minute"), parse("20/minute")
    ip = parse("20000/minute")
    counter = storage.counted(LeasedCounter(storage))
    storage.sent.clear()
    keys = [
        member.key_for("member:m7"),
        claims.key_for("member:m7", "claims"),
        ip.key_for("ip:10.0.0.7", "verified"),
    ]
    assert counter.hit_all([(member, keys[0]), (claims, keys[1]), (ip, keys[2])]) == [True] * 3
    assert storage.sent == ["EVALSHA"]  # one call for the three budgets, no SCRIPT EXISTS first
    assert [storage.get(k) for k in keys] == [1, 1, 1]
    # each counter expires with its own window, as the library's script sets it
    ttls = [connection.ttl(storage.prefixed_key(k)) for k in keys]
    assert 0 < ttls[0] <= 60 and 0 < ttls[1] <= 60 and 0 < ttls[2] <= 60


def test_a_counter_opened_by_the_script_keeps_the_window_it_opened(storage):
    hourly, minute = parse("10/hour"), parse("600/minute")
    counter = LeasedCounter(storage)
    keys = [hourly.key_for("net:10.0.0.9", "onboarding"), minute.key_for("ip:10.0.0.9")]
    assert counter.hit_all([(hourly, keys[0]), (minute, keys[1])]) == [True, True]
    connection = storage.get_connection()
    assert 3500 < connection.ttl(storage.prefixed_key(keys[0])) <= 3600
    ttl = connection.ttl(storage.prefixed_key(keys[1]))
    time.sleep(1.1)
    assert counter.hit_all([(hourly, keys[0]), (minute, keys[1])]) == [True, True]
    assert connection.ttl(storage.prefixed_key(keys[1])) < ttl  # counted on, not reopened
    assert [storage.get(k) for k in keys] == [2, 2]


def test_budgets_are_counted_when_redis_has_lost_the_script(storage):
    # A script text Redis has never seen stands for one it lost (a restart): NOSCRIPT.
    member, claims = parse("30/minute"), parse("20/minute")  # budgets counted hit by hit
    counter = LeasedCounter(storage)
    fresh = INCR_EXPIRE_ALL + f"\n-- {uuid.uuid4().hex}"
    counter.script = ScriptCalls(storage.get_connection(), fresh)
    storage.counted(counter)
    keys = [member.key_for("member:m8"), claims.key_for("member:m8", "claims")]
    assert counter.hit_all([(member, keys[0]), (claims, keys[1])]) == [True, True]
    assert storage.sent == ["EVALSHA", "SCRIPT LOAD", "EVALSHA"]  # NOSCRIPT: given it again
    assert [storage.get(k) for k in keys] == [1, 1]
    assert counter.hit_all([(member, keys[0]), (claims, keys[1])]) == [True, True]
    assert [storage.get(k) for k in keys] == [2, 2]


def test_a_connection_that_broke_is_replaced_and_the_hit_counted_once(storage):
    limit = parse("30/minute")
    counter = LeasedCounter(storage)
    key = limit.key_for("ip:11")
    assert counter.hit(limit, key)
    counter.script.connection()._sock.close()  # the server or a proxy dropped it meanwhile
    assert counter.hit(limit, key)
    assert storage.get(key) == 2
