"""The short chaos run, in the suite's PostgreSQL pass: one kill of each kind (Redis, PostgreSQL,
Kafka, a web process, a worker) under mixed traffic, on a private mall; every check of
`make chaos` must hold."""

from __future__ import annotations

import pytest

from tests.chaos.checks import table
from tests.chaos.run import SHORT, Plan, run

# Minutes on an idle machine; a loaded one is slower.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(2400)]


def test_nothing_is_lost_doubled_or_answered_500_while_parts_are_killed():
    rows = run(Plan(SHORT))
    print(table(rows))
    assert all(r.ok for r in rows), table(rows)
