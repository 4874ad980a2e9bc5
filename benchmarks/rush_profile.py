"""Rehearse a rush against a running mall and print each process's CPU ms per claim.

`python -m benchmarks.rush_profile --supervisor-pid PID --db-prefix mall_ [mallctl options]`:
the environment (MALL_GATEWAY, VOUCHER_DATABASE_URL, REDIS_URL, KAFKA_*) names the mall.
"""

from __future__ import annotations

import argparse
import os
import time

from benchmarks import proc_cpu
from services.mallctl.client import Gateway
from services.mallctl.rehearse.rush import run_rehearsal


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--supervisor-pid", type=int, required=True)
    parser.add_argument("--db-prefix", default="mall_")
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument(
        "--idle-seconds", type=float, default=10.0,
        help="First measure each process idle this long; its idle rate is taken off the rush's.",
    )  # fmt: skip
    args = parser.parse_args()
    gateway = Gateway(os.environ.get("MALL_GATEWAY", "http://127.0.0.1:8080"))
    idle_start = proc_cpu.snapshot(args.supervisor_pid, args.db_prefix)
    time.sleep(args.idle_seconds)
    before = proc_cpu.snapshot(args.supervisor_pid, args.db_prefix)
    idle = proc_cpu.cpu_by_name(idle_start, before)
    started = time.monotonic()
    done = run_rehearsal(gateway, members=args.members, connections=args.connections)
    after = proc_cpu.snapshot(args.supervisor_pid, args.db_prefix)
    seconds = time.monotonic() - started
    for line in done.summary(None):
        print(line)
    print(f"load average: {os.getloadavg()[0]:.1f}")
    spent = proc_cpu.cpu_by_name(before, after)
    net = {
        name: max(0.0, cpu - idle.get(name, 0.0) * seconds / max(args.idle_seconds, 1e-6))
        for name, cpu in spent.items()
    }
    print("CPU ms per claim as spent (idle polling included):")
    for line in proc_cpu.table(spent, done.issued):
        print(line)
    print(f"the same less each process's idle rate over {seconds:.0f} s:")
    for line in proc_cpu.table(net, done.issued):
        print(line)


if __name__ == "__main__":
    main()
