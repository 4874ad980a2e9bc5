"""The union-scale claim rush: 38,077 members, one voucher each, through the whole mall.

`python -m benchmarks.bench_claim_rush` starts the mall as `make run` does (every web process,
worker, relay and consumer; `deploy/run.sh --detach --no-seed` on free ports), runs
`mallctl rehearse` in-process against its gateway, checks that Redis, PostgreSQL and Kafka
agree, and prints what each process spent per claim (from /proc). Target: 38,077 claims in
under 60 s on 2 cores, i.e. 635 claims/s. BENCH_RUSH_MEMBERS scales it down.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from benchmarks import proc_cpu
from benchmarks.detached_mall import detached_mall
from benchmarks.harness import report
from services.mallctl.client import Gateway
from services.mallctl.rehearse import consistency
from services.mallctl.rehearse.command import UNION_MEMBERS
from services.mallctl.rehearse.rush import run_rehearsal

TARGET_RATE = 635.0  # 38,077 claims in 60 s
MEMBERS = int(os.environ.get("BENCH_RUSH_MEMBERS", str(UNION_MEMBERS)))
CONNECTIONS = int(os.environ.get("BENCH_RUSH_CONNECTIONS", "64"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6390/5")


def main() -> None:
    with (
        tempfile.TemporaryDirectory(prefix="claim-rush-") as folder,
        detached_mall(Path(folder), redis_url=REDIS_URL, LOG_LEVEL="WARNING") as mall,
    ):
        before = proc_cpu.snapshot(mall.supervisor_pid, f"{mall.marker}_")
        done = run_rehearsal(
            Gateway(mall.gateway), members=MEMBERS, connections=CONNECTIONS, progress=False
        )
        after = proc_cpu.snapshot(mall.supervisor_pid, f"{mall.marker}_")
        agreement = consistency.check(
            database_url=mall.env["VOUCHER_DATABASE_URL"], redis_url=REDIS_URL,
            bootstrap=mall.env["KAFKA_BOOTSTRAP"], prefix=mall.env["KAFKA_TOPIC_PREFIX"],
            campaign_id=done.campaign_id, answered_201=done.issued,
        )  # fmt: skip
    for line in done.summary(agreement):
        print(line)
    spent = proc_cpu.cpu_by_name(before, after)
    for line in proc_cpu.table(spent, done.issued):
        print(line)
    own = sum(s for n, s in spent.items() if "(shared)" not in n)
    o = done.outcome
    report(
        "claim_rush",
        done.claims_per_s / TARGET_RATE,
        "1.0",
        members=MEMBERS,
        seconds=f"{o.seconds:.1f}",
        claims_per_s=f"{done.claims_per_s:.0f}",
        p50_ms=f"{o.percentile(50):.0f}",
        p99_ms=f"{o.percentile(99):.0f}",
        oversell=max(0, agreement.rows - done.quantity)
        + agreement.over_limit_db
        + agreement.over_limit_gate,
        consistent=agreement.ok,
        server_errors=done.server_errors,
        cpu_ms_per_claim=f"{own * 1000 / max(1, done.issued):.2f}",
        load=f"{os.getloadavg()[0]:.1f}",
    )


if __name__ == "__main__":
    main()
