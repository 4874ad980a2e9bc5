"""Under `make run`, a process killed with SIGKILL is started again by itself; the rest go on."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections import Counter

import pytest

from services.mallctl.supervisor_conf import GROUP, read_procfile
from shared.dev_tokens import mint_token
from tests.ops.live import ops, post
from tests.ops.stack import REPO, gateway_url, get
from tests.support.kafka import read_topic, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]  # the shared `make run` starts first
RESPAWNED_WITHIN = 5.0  # seconds from the kill to a new process of the same name
MEMBER = {"Authorization": f"Bearer {mint_token('member', 'm-e2e-restart', segments=['regular'])}"}


def supervisorctl(mall, *args: str) -> str:
    conf = str(mall.run_dir / "supervisord.conf")
    ctl = str(REPO / ".venv" / "bin" / "supervisorctl")
    return subprocess.run([ctl, "-c", conf, *args], capture_output=True, text=True).stdout


def supervised_pids(mall) -> dict[str, int]:
    """Name -> pid of every RUNNING process of the mall."""
    pids = {}
    for line in supervisorctl(mall, "status").splitlines():
        parts = line.split()
        if len(parts) > 3 and parts[0].startswith(f"{GROUP}:") and parts[1] == "RUNNING":
            pids[parts[0].removeprefix(f"{GROUP}:")] = int(parts[3].rstrip(","))
    return pids


def respawn_watch(mall, name: str, old: int) -> dict:
    """Note, from a thread of its own, when supervisord has started a new `name`."""
    seen: dict = {}
    started = time.monotonic()

    def watch() -> None:
        while time.monotonic() - started < 60:
            pid = supervisorctl(mall, "pid", f"{GROUP}:{name}").strip()
            if pid.isdigit() and int(pid) not in (0, old):
                seen["after"] = time.monotonic() - started
                return
            time.sleep(0.1)

    seen["thread"] = threading.Thread(target=watch, daemon=True)
    seen["thread"].start()
    return seen


def kill_and_watch(mall, name: str, probe) -> tuple[float, Counter]:
    """SIGKILL `name`; return how long until a new one ran, and what the probe saw meanwhile."""
    before = supervised_pids(mall)
    assert set(before) == set(read_procfile(REPO / "Procfile")), before
    os.kill(before[name], signal.SIGKILL)
    respawn = respawn_watch(mall, name, before[name])
    killed, seen = time.monotonic(), Counter()
    while time.monotonic() - killed < 90:
        status = probe()
        seen[status] += 1
        if "after" in respawn and status == 200:
            break
        time.sleep(0.2)
    respawn["thread"].join()
    after = supervised_pids(mall)
    untouched = {n: p for n, p in before.items() if n != name}
    assert {n: after.get(n) for n in untouched} == untouched  # nothing else was restarted
    assert respawn.get("after", 99) < RESPAWNED_WITHIN, respawn
    return respawn["after"], seen


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
    def campaigns() -> list | None:  # the voucher service may still be booting after the test above
        resp = get(gateway_url("/api/v1/campaigns"), headers=MEMBER)
        return resp.json()["items"] if resp.status_code == 200 else None

    campaign = next(c for c in wait_until(campaigns, timeout=120) if c["eligible"])
    pids = supervised_pids(mall)
    os.kill(pids["voucher-worker"], signal.SIGKILL)
    claimed = post(f"/api/v1/campaigns/{campaign['id']}/claims", MEMBER, {})
    assert claimed.status_code == 201, claimed.text  # the web process needs no worker
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
