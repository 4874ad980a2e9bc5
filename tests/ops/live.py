"""Helpers the make-run tests share: mallctl against the live stack, ops calls, metrics."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import requests

from shared.dev_tokens import mint_token
from tests.ops.stack import REPO, Mall, gateway_url, get

SCALE = float(os.environ.get("MALL_E2E_SCALE", "0.05"))


def mallctl(mall: Mall, *args: str) -> subprocess.CompletedProcess:
    """Run the ops command line as an operator would, against this run's gateway."""
    return subprocess.run(
        [sys.executable, "-m", "services.mallctl", *args],
        cwd=REPO,
        env=mall.env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def ops() -> dict:
    """Headers of an ops caller."""
    return {"Authorization": f"Bearer {mint_token('ops', 'ops-e2e')}"}


def kpis() -> dict:
    resp = get(gateway_url("/api/v1/ops/kpis"), headers=ops())
    assert resp.status_code == 200, resp.text
    return resp.json()


def post(path: str, headers: dict, body: dict) -> requests.Response:
    return requests.post(gateway_url(path), json=body, headers=headers, timeout=10)


def families(port: int) -> set[str]:
    """Metric family names a process exposes (counters both with and without `_total`)."""
    text = get(f"http://127.0.0.1:{port}/metrics").text
    names = set(re.findall(r"^# TYPE (\w+) ", text, re.MULTILINE))
    return names | {n.removesuffix("_total") for n in names} | {f"{n}_total" for n in names}
