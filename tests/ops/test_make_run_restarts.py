"""Under `make run`, a process killed with SIGKILL is started again by itself; the rest go on."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter

import pytest

from services.mallctl.supervisor_conf import GROUP, read_procfile
from shared.dev_tokens import mint_token
from tests.ops.live import ops, post
from tests.ops.stack import REPO, gateway_url, get
from tests.support.kafka import read_topic, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]
RESPAWNED_WITHIN = 5.0  # seconds from the kill to a new process of the same name
MEMBER = {"Authorization": f"Bearer {mint_token('member', 'm-e2e-restart', segments=['regular'])}"}


def supervised_pids(mall) -> dict[str, int]:
    out = subprocess.run(
        [
            str(REPO / ".venv" / "bin" / "supervisorctl"),
            "-c",
            str(mall.run_dir / "supervisord.conf"),
        ]
        + ["status"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    pids = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0].startswith(f"{GROUP}:") and parts[1] == "RUNNING":
            pids[parts[0].removeprefix(f"{GROUP}:")] = int(parts[3].rstrip(","))
    return pids


def kill_and_watch(mall, name: str, probe) -> tuple[float, Counter]:
    """SIGKILL `name`; return how long until a new one ran, and what the probe saw meanwhile."""
    before = supervised_pids(mall)
    assert set(before) == set(read_procfile(REPO / "Procfile")), before
    os.kill(before[name], signal.SIGKILL)
    killed, seen = time.monotonic(), Counter()
    respawned = None
    while time.monotonic() - killed < 60:
        now = supervised_pids(mall)
        if respawned is None and now.get(name, before[name]) != before[name]:
            respawned = time.monotonic() - killed
        status = probe()
        seen[status] += 1
        if respawned is not None and status == 200:
            break
        time.sleep(0.2)
    after = supervised_pids(mall)
    untouched = {n: p for n, p in before.items() if n != name}
    assert {n: after.get(n) for n in untouched} == untouched  # nothing else was restarted
    assert respawned is not None and respawned < RESPAWNED_WITHIN, respawned
    return respawned, seen


def test_a_killed_web_process_comes_back_alone_and_meanwhile_its_paths_are_503(mall):
    def vouchers() -> int:
        status = get(gateway_url("/api/v1/me/vouchers"), headers=MEMBER).status_code
        assert get(gateway_url("/api/v1/categories")).status_code == 200  # the rest goes on
        return status

    _, seen = kill_and_watch(mall, "voucher", vouchers)
    # Refused while no master listens (503); a new master's workers still booting can make
    # the gateway's read time out (504); never a 500 or 502.
    assert set(seen) <= {200, 503, 504}, seen
    assert seen[200] >= 1


def test_a_killed_worker_comes_back_alone_and_publishes_what_waited(mall):
    campaign = next(
        c
        for c in get(gateway_url("/api/v1/campaigns"), headers=MEMBER).json()["items"]
        if c["eligible"]
    )
    pids = supervised_pids(mall)
    os.kill(pids["voucher-worker"], signal.SIGKILL)
    claimed = post(f"/api/v1/campaigns/{campaign['id']}/claims", MEMBER, {})
    assert claimed.status_code == 201, claimed.text
    assert wait_until(
        lambda: (
            supervised_pids(mall).get("voucher-worker", pids["voucher-worker"])
            != pids["voucher-worker"]
        ),
        timeout=RESPAWNED_WITHIN,
    )

    def backlog() -> int | None:
        items = get(gateway_url("/api/v1/ops/outbox"), headers=ops()).json()["items"]
        return next(i.get("backlog") for i in items if i["service"] == "voucher")

    assert wait_until(lambda: backlog() == 0, timeout=60)
    events = read_topic(f"{mall.marker}.voucher.events", expect=10**6, timeout=15)  # all of it
    assert claimed.json()["id"] in {e["data"].get("voucher_id") for e in events}
