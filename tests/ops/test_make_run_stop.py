"""Ctrl-C on `make run` stops every process of the mall (runs last: files run in name order)."""

from __future__ import annotations

import os

import pytest

from tests.ops.stack import GATEWAY_INTERNAL_PORT, WEB_PORTS, WORKER_PORTS, listening
from tests.support.kafka import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]


def test_ctrl_c_stops_every_process_of_the_mall(mall):
    status = mall.interrupt()
    assert status == 130
    assert wait_until(lambda: not mall.leftovers(), timeout=20), mall.leftovers()
    assert not any(os.path.exists(mall.run_dir / f) for f in ("supervisord.pid", "ready"))
    ports = [*WEB_PORTS.values(), GATEWAY_INTERNAL_PORT, *WORKER_PORTS.values()]
    assert not [p for p in ports if listening(p)]
