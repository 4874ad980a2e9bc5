"""Rehearse a rush against a running mall and print each process's CPU ms per claim.

`python -m benchmarks.rush_profile --supervisor-pid PID --db-prefix mall_ [mallctl options]`:
the environment (MALL_GATEWAY, VOUCHER_DATABASE_URL, REDIS_URL, KAFKA_*) names the mall.
"""

from __future__ import annotations

import argparse
import os

from benchmarks import proc_cpu
from services.mallctl.client import Gateway
from services.mallctl.rehearse.rush import run_rehearsal


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--supervisor-pid", type=int, required=True)
    parser.add_argument("--db-prefix", default="mall_")
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    gateway = Gateway(os.environ.get("MALL_GATEWAY", "http://127.0.0.1:8080"))
    before = proc_cpu.snapshot(args.supervisor_pid, args.db_prefix)
    done = run_rehearsal(gateway, members=args.members, connections=args.connections)
    after = proc_cpu.snapshot(args.supervisor_pid, args.db_prefix)
    for line in done.summary(None):
        print(line)
    print(f"load average: {os.getloadavg()[0]:.1f}")
    for line in proc_cpu.table(proc_cpu.cpu_by_name(before, after), done.issued):
        print(line)


if __name__ == "__main__":
    main()
