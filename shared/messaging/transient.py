"""Which handler failures are an outage to wait out, not a poison message to park.

An event that meets a database or Redis that is away must be applied once they are back,
not dead-lettered: a merchant suspension parked during a blip would leave its products on
sale until someone replays it. Everything else (bad data, a bug) is poison after the retries.

PostgreSQL errors are told apart by SQLSTATE, not by the driver's exception class: psycopg
files "index row size exceeds maximum" (54000) and a statement timeout (57014) under
OperationalError, like a lost connection, yet they would fail the same way forever.
"""

from __future__ import annotations

import sqlite3

import psycopg
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout

# SQLSTATE classes and codes a retry can get past: connection exceptions, serialization
# failures and deadlocks, insufficient resources (too many connections, disk full), a server
# shutting down or starting, a lock not granted in time, an I/O error.
TRANSIENT_SQLSTATE_CLASSES = frozenset({"08", "40", "53", "58"})
TRANSIENT_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "55P03", "55006"})


class TransientFailure(Exception):
    """A batch could not be applied because something it needs is away; read it again."""


def transient_sqlstate(sqlstate: str) -> bool:
    """Whether a PostgreSQL error with this SQLSTATE may succeed when tried again."""
    return sqlstate[:2] in TRANSIENT_SQLSTATE_CLASSES or sqlstate in TRANSIENT_SQLSTATES


def is_transient(err: BaseException) -> bool:
    if isinstance(err, (RedisConnectionError, RedisTimeoutError, DisconnectionError, PoolTimeout)):
        return True
    if isinstance(err, DBAPIError):
        if err.connection_invalidated:
            return True
        orig = err.orig
        if isinstance(orig, psycopg.Error) and orig.sqlstate:
            return transient_sqlstate(orig.sqlstate)
        if isinstance(orig, psycopg.OperationalError):
            return True  # no SQLSTATE: the server never answered (unreachable, dropped)
        # SQLite's only transient one is a lock held too long.
        return isinstance(orig, sqlite3.OperationalError) and "locked" in str(orig)
    return False
