"""Rewriting a `0001` migration on the frozen helpers left its schema exactly as it was.

tests/data/schema_0001/ holds the schema the merchant and voucher `0001` migrations built
before they called `shared.outbox.migration_v1` and were written with the frozen SQL
columns of `shared.ddl_v1` and `shared.migration_steps_v1`, reflected on each backend.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from shared.migrations import upgrade
from tests.support.schema import reflect

BEFORE = Path(__file__).resolve().parents[1] / "data" / "schema_0001"


@pytest.mark.parametrize("service", ["merchant", "voucher"])
def test_0001_builds_the_same_schema_as_before_it_used_the_frozen_helper(service, database_url):
    upgrade(database_url, f"services/{service}/migrations", "0001")
    backend = make_url(database_url).get_backend_name()
    before = json.loads((BEFORE / f"{service}.{backend}.json").read_text())
    assert reflect(database_url) == before


def test_a_changed_schema_would_be_noticed(database_url):
    upgrade(database_url, "services/voucher/migrations", "0001")
    backend = make_url(database_url).get_backend_name()
    before = json.loads((BEFORE / f"merchant.{backend}.json").read_text())
    assert reflect(database_url) != before
