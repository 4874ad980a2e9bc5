"""Run every benchmark in turn (`make bench`); each ends with its `bench:` line."""

from __future__ import annotations

import importlib
import sys
import traceback

BENCHMARKS = [
    "bench_outbox", "bench_relay", "bench_catalog", "bench_voucher", "bench_gateway", "bench_origin_lane",
    "bench_claim_rush", "bench_web_server", "floor",
]  # fmt: skip


def main() -> int:
    failed = 0
    for name in sys.argv[1:] or BENCHMARKS:
        print(f"== {name}", flush=True)
        try:
            importlib.import_module(f"benchmarks.{name}").main()
        except Exception:  # noqa: BLE001 - report and go on to the next benchmark
            traceback.print_exc()
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
