"""The one `make run` of the mall that the e2e tests of this folder share."""

from __future__ import annotations

import pytest

from tests.ops.live import SCALE
from tests.ops.stack import REPO, Mall, PrivateRedis


@pytest.fixture(scope="package")
def private_redis(tmp_path_factory):
    """A Redis of the tests' own, which they may stop without hurting anyone else."""
    server = PrivateRedis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def mall(tmp_path_factory, private_redis):
    """deploy/run.sh, up and seeded; whatever is left of it is killed and cleaned at the end."""
    run = Mall(tmp_path_factory.mktemp("mall"), SCALE)
    run.start(private_redis.url)
    try:
        run.wait_ready(timeout=420)
        yield run
    finally:
        run.kill_leftovers()
        run.drop_databases()
        run.drop_topics()
        run.keep_logs(REPO / "var" / "e2e-last")  # for CI artifacts and post-mortems
