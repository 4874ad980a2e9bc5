"""`mallctl rehearse` against a whole mall of its own: Redis, the database and Kafka agree."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from benchmarks.detached_mall import detached_mall
from tests.support import infra


@pytest.fixture(scope="module")
def small_mall(tmp_path_factory):
    with detached_mall(
        tmp_path_factory.mktemp("rehearse"), redis_url=infra.redis_url(), backend=infra.BACKEND
    ) as mall:
        yield mall


def test_a_small_rehearsal_issues_one_each_and_the_stores_agree(small_mall, tmp_path):
    summary = tmp_path / "summary.json"
    done = subprocess.run(
        [sys.executable, "-m", "services.mallctl", "rehearse", "--members", "300",
         "--connections", "16", "--quiet", "--json-out", str(summary)],
        cwd=infra.REPO, env=small_mall.env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr + small_mall.log()[-3000:]
    found = json.loads(summary.read_text())
    assert found["consistent"] is True, found
    assert found["statuses"] == {"201": 300}, found
    assert found["oversell"] == 0
    agreement = found["agreement"]
    assert agreement["rows"] == agreement["events"] == agreement["gate_taken"] == 300
    assert "consistency OK" in done.stdout
    assert "p99=" in done.stdout


def test_a_rehearsal_past_the_stock_refuses_the_rest_and_oversells_nothing(small_mall, tmp_path):
    summary = tmp_path / "summary.json"
    done = subprocess.run(
        [sys.executable, "-m", "services.mallctl", "rehearse", "--members", "120",
         "--quantity", "50", "--quiet", "--json-out", str(summary)],
        cwd=infra.REPO, env=small_mall.env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    found = json.loads(summary.read_text())
    assert found["statuses"] == {"201": 50, "409": 70}, found
    assert found["consistent"] is True and found["oversell"] == 0, found
