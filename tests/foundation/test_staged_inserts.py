"""A staging block sends its rows in one executemany per table, in the caller's transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from shared.staged_inserts import insert_row, staging
from tests.foundation.conftest import TOPIC, messaging, notes, snapshot


def statements(engine) -> list[tuple[str, bool]]:
    """(SQL, executemany) of every statement the engine sends from now on."""
    sent: list[tuple[str, bool]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _seen(conn, cursor, sql, params, context, executemany):
        sent.append((sql, executemany))

    return sent


def count(infra, table) -> int:
    with infra.session_factory() as session:
        return session.execute(select(func.count()).select_from(table)).scalar_one()


def test_staged_rows_go_in_one_executemany_per_table_and_commit_with_the_transaction(infra):
    sent = statements(infra.engine)
    with infra.session_factory() as session, session.begin(), staging(session):
        for i in range(5):
            insert_row(session, notes, {"id": i + 1, "merchant_id": f"m{i}", "text": "staged"})
            infra.record_event(session, TOPIC, "merchant.updated", f"m{i}", snapshot(f"m{i}"))
        assert [s for s in sent if "INSERT" in s[0]] == []  # nothing sent before the block ends
    inserts = [s for s in sent if "INSERT" in s[0]]
    assert len(inserts) == 2
    assert all(executemany for _, executemany in inserts)
    assert not any("nextval" in sql for sql, _ in sent)  # no key fetched per outbox row
    assert count(infra, notes) == 5
    assert count(infra, messaging.outbox) == 5


def test_a_staged_row_that_breaks_a_constraint_fails_the_block_and_nothing_is_kept(infra):
    with infra.session_factory() as session, session.begin():
        insert_row(session, notes, {"id": 1, "merchant_id": "m0", "text": "first"})
    with (
        pytest.raises(IntegrityError),
        infra.session_factory() as session,
        session.begin(),
        staging(session),
    ):
        insert_row(session, notes, {"id": 2, "merchant_id": "m1", "text": "fine"})
        infra.record_event(session, TOPIC, "merchant.updated", "m1", snapshot("m1"))
        insert_row(session, notes, {"id": 1, "merchant_id": "m0", "text": "taken"})
    assert count(infra, notes) == 1
    assert count(infra, messaging.outbox) == 0


def test_outside_a_staging_block_a_row_is_inserted_at_once_without_fetching_its_key(infra):
    sent = statements(infra.engine)
    with infra.session_factory() as session, session.begin():
        infra.record_event(session, TOPIC, "merchant.updated", "m9", snapshot("m9"))
        assert len([s for s in sent if "INSERT" in s[0]]) == 1
    assert not any("nextval" in sql for sql, _ in sent)
    assert count(infra, messaging.outbox) == 1
