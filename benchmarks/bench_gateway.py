"""Gateway benchmarks: a cached public list vs the bare Flask app; proxy overhead vs direct."""

from __future__ import annotations

import os
import statistics
import tempfile
import time

import redis
import requests

from benchmarks.harness import BARE_APP, gunicorn, report, wrk
from services.gateway.devtoken import mint
from shared.config import DEV_INTERNAL_SECRET
from shared.migrations import upgrade
from shared.principal import Principal, issue_internal_token

BARE_PORT, CATALOG_PORT, GATEWAY_PORT = 18190, 18192, 18191
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6390/11")
DURATION = int(os.environ.get("BENCH_DURATION", "6"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))


def _env(tmp: str) -> dict:
    return {
        "REDIS_URL": REDIS_URL,
        "KAFKA_TOPIC_PREFIX": "bench.",
        "CATALOG_DATABASE_URL": f"sqlite:///{tmp}/catalog.db",
        "GATEWAY_DATABASE_URL": f"sqlite:///{tmp}/gateway.db",
        "CATALOG_URL": f"http://127.0.0.1:{CATALOG_PORT}",
        "RATE_LIMIT_IP": "10000000/minute",
        "RATE_LIMIT_CALLER": "10000000/minute",
        "LOG_LEVEL": "WARNING",
    }


def _paired_medians(direct: tuple[str, dict], gateway: tuple[str, dict], n: int = 400):
    """Median latency of the same read, direct and through the gateway, sampled alternately.

    Alternating the two keeps a busy machine's ups and downs out of the ratio.
    """
    sessions = [requests.Session(), requests.Session()]
    targets = [direct, gateway]
    samples: list[list[float]] = [[], []]
    for i in range(n + 20):
        for which in (0, 1):
            url, headers = targets[which]
            started = time.perf_counter()
            sessions[which].get(url, headers=headers, timeout=5).raise_for_status()
            if i >= 20:  # the first rounds warm pools and caches
                samples[which].append((time.perf_counter() - started) * 1000)
    return statistics.median(samples[0]), statistics.median(samples[1])


def main() -> None:
    """Run both comparisons and print the `bench:` lines."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(tmp)
        upgrade(env["CATALOG_DATABASE_URL"], "services/catalog/migrations")
        upgrade(env["GATEWAY_DATABASE_URL"], "services/gateway/migrations")
        with (
            gunicorn(BARE_APP, BARE_PORT),
            gunicorn("services.catalog.app:create_app()", CATALOG_PORT, env=env),
            gunicorn("services.gateway.app:create_app()", GATEWAY_PORT, env=env),
        ):
            # alternate the two, twice, and keep each one's best round: a busy machine's
            # slow moments then hit neither side more than the other
            bare_runs, cached_runs = [], []
            for _ in range(ROUNDS):
                bare_runs.append(
                    wrk(f"http://127.0.0.1:{BARE_PORT}/api/v1/products", duration=DURATION)
                )
                cached_runs.append(
                    wrk(f"http://127.0.0.1:{GATEWAY_PORT}/api/v1/products", duration=DURATION)
                )
            bare = max(bare_runs, key=lambda r: r.rps)
            cached = max(cached_runs, key=lambda r: r.rps)
            if cached.non_2xx or cached.errors:
                raise SystemExit(f"gateway answered errors: {cached}")
            report(
                "gateway_cached_list",
                cached.rps / bare.rps,
                "0.6",
                rps=f"{cached.rps:.0f}",
                bare_rps=f"{bare.rps:.0f}",
                p99_ms=f"{cached.p99_ms:.2f}",
                bare_p99_ms=f"{bare.p99_ms:.2f}",
                p99_ratio=f"{cached.p99_ms / bare.p99_ms:.3f}",
                p99_target="2.0",
            )
            member = Principal("member", "m-bench", ("regular",), "460100")
            direct_headers = {
                "X-Internal-Token": issue_internal_token(member, DEV_INTERNAL_SECRET, 3600)
            }
            gateway_headers = {
                "Authorization": f"Bearer {mint('member', 'm-bench', ('regular',), '460100')}"
            }
            path = "/api/v1/products?limit=20"
            direct, through = _paired_medians(
                (f"http://127.0.0.1:{CATALOG_PORT}{path}", direct_headers),
                (f"http://127.0.0.1:{GATEWAY_PORT}{path}", gateway_headers),
            )
            report(
                "gateway_proxy_overhead",
                through / direct,
                "1.3",
                p50_gateway_ms=f"{through:.2f}",
                p50_direct_ms=f"{direct:.2f}",
            )


if __name__ == "__main__":
    main()
