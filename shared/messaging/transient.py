"""Which handler failures are an outage to wait out, not a poison message to park.

An event that meets a database or Redis that is away must be applied once they are back,
not dead-lettered: a merchant suspension parked during a blip would leave its products on
sale until someone replays it. Everything else (bad data, a bug) is poison after the retries.
"""

from __future__ import annotations

import sqlite3

import psycopg
import psycopg.errors
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout


class TransientFailure(Exception):
    """A batch could not be applied because something it needs is away; read it again."""


def is_transient(err: BaseException) -> bool:
    if isinstance(err, (RedisConnectionError, RedisTimeoutError, DisconnectionError, PoolTimeout)):
        return True
    if isinstance(err, DBAPIError):
        if err.connection_invalidated:
            return True
        orig = err.orig
        # psycopg's OperationalError: the server is unreachable or restarting, a serialization
        # failure or deadlock; but a statement that timed out would time out again: poison.
        # SQLite's only transient one is a lock held too long.
        if isinstance(orig, psycopg.errors.QueryCanceled):
            return False
        if isinstance(orig, psycopg.OperationalError):
            return True
        return isinstance(orig, sqlite3.OperationalError) and "locked" in str(orig)
    return False
