"""Rows a group commit writes together: one executemany per table instead of an INSERT per row.

A group commit (services/voucher/service_layer/group_commit.py) opens `staging(session)`;
inside it, `insert_row` only collects rows, and the block's end sends each table's rows at
once (psycopg pipelines an executemany: one round trip, no per-row statement setup). Outside
a staging block `insert_row` inserts at once. Either way the rows are in the caller's
transaction, and a unique constraint they break surfaces before it commits.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Insert, Table
from sqlalchemy.orm import Session

STAGED = "staged_inserts"  # the session.info key of the open staging block
_INSERTS: dict[Table, Insert] = {}


def _insert(table: Table) -> Insert:
    # inline(): no key is fetched for a new row (nobody reads it), so PostgreSQL is not asked
    # for `nextval()` in a round trip of its own before each INSERT.
    statement = _INSERTS.get(table)
    if statement is None:
        statement = _INSERTS[table] = table.insert().inline()
    return statement


def insert_row(session: Session, table: Table, row: dict) -> None:
    """Insert `row` in the session's transaction, or stage it if a staging block is open."""
    staged = session.info.get(STAGED)
    if staged is not None:
        staged.setdefault(table, []).append(row)
    else:
        session.connection().execute(_insert(table), row)


@contextmanager
def staging(session: Session) -> Iterator[None]:
    """Collect the rows `insert_row` is given in this block; write them all when it ends."""
    staged: dict[Table, list[dict]] = {}
    session.info[STAGED] = staged
    try:
        yield
    finally:
        del session.info[STAGED]
    connection = session.connection()
    for table, rows in staged.items():
        connection.execute(_insert(table), rows)
