"""The chaos run: traffic through the gateway while parts of the mall are SIGKILLed one at a
time and brought back; then settle, check, and print the table.

    python -m tests.chaos            the full run (`make chaos`): every server, web process, worker
    python -m tests.chaos --short    one kill of each kind (what the suite runs)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from dataclasses import dataclass

from tests.chaos.checks import Row, check_all, settle, table
from tests.chaos.stack import INFRA, SERVICES, ChaosStack
from tests.chaos.traffic import Traffic

SHORT = ["redis", "postgres", "kafka", "voucher", "voucher-worker"]
FULL = [*INFRA, *SERVICES, *(f"{s}-worker" for s in SERVICES)]


@dataclass
class Plan:
    kills: list[str]
    scale: float = 0.02  # of the union's 600 + 100 partners
    warmup: float = 10.0  # seconds of traffic before the first kill
    away: float = 5.0  # seconds a killed server stays down
    between: float = 5.0  # seconds of traffic after a part is back
    threads: int = 6


STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"[chaos {time.monotonic() - STARTED:4.0f} s] {message}", file=sys.stderr, flush=True)


def run(plan: Plan) -> list[Row]:
    global STARTED
    STARTED = time.monotonic()
    stack = ChaosStack()
    say(f"private Kafka, Redis, PostgreSQL and mall in {stack.var}")
    try:
        stack.start_infra()
        say("servers up; starting and seeding the mall")
        creds = stack.start_mall(plan.scale)
        say("mall up and seeded; traffic")
        traffic = Traffic(stack.gateway, creds, stack.db_url("merchant"), plan.threads)
        traffic.start()
        time.sleep(plan.warmup)
        recoveries: dict[str, float | None] = {}
        for part in plan.kills:
            pid = stack.kill(part)
            began = time.monotonic()  # a process comes back by itself: counted from the kill
            say(f"killed {part} (pid {pid})")
            if part in INFRA:
                time.sleep(plan.away)
                began = time.monotonic()  # a server is started again: counted from then
                stack.bring_back(part)
            took = stack.wait_back(part, pid)
            recoveries[part] = None if took is None else time.monotonic() - began
            say(f"{part} back after {recoveries[part]} s")
            time.sleep(plan.between)
        record = traffic.stop()
        say(f"{len(record.answers)} answers; settling")
        say(f"settled in {settle(stack):.1f} s")
        rows = check_all(stack, record, recoveries)
        say("checked")
        return rows
    finally:
        stack.stop()
        if os.environ.get("MALL_CHAOS_KEEP") == "1":  # the logs, to read after a failure
            say(f"kept {stack.var}")
        else:
            shutil.rmtree(stack.var, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="SIGKILL parts of a private mall under load")
    parser.add_argument("--short", action="store_true", help="one kill of each kind")
    parser.add_argument("--scale", type=float, default=None)
    args = parser.parse_args(argv)
    plan = Plan(SHORT) if args.short else Plan(FULL, scale=0.05, warmup=20, between=10)
    if args.scale is not None:
        plan.scale = args.scale
    rows = run(plan)
    print(table(rows))
    return 0 if all(r.ok for r in rows) else 1
