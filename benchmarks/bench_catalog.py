"""Catalog benchmarks, printed for `make bench`.

(a) catalog_cached_list: a cached product list page against the bare Flask app, both under the
    same gunicorn settings, loaded by wrk in one run. Target: ratio (catalog / bare rps) >= 0.7.
(b) catalog_search_scale: a filtered list and a two-character search at 200,000 against 2,000
    products on PostgreSQL, through the query layer (no cache). Target: p50 ratio <= 1.5.
"""

from __future__ import annotations

import os
import statistics
import time

import requests
from sqlalchemy import create_engine, func, select, text

from benchmarks import harness
from benchmarks.seed_catalog import seed
from services.catalog.adapters.orm import products
from services.catalog.service_layer.browse import load_page
from shared.config import DEV_INTERNAL_SECRET
from shared.db import make_engine, make_session_factory
from shared.pagination import Page
from shared.principal import Binding, Principal, issue_internal_token

SMALL, LARGE = 2_000, int(os.environ.get("BENCH_CATALOG_LARGE", "200000"))
QUERIES = {
    "filtered": {
        "category": "groceries",
        "region": "460100",
        "min_price": 1000,
        "max_price": 50000,
        "sort": "price_asc",
        "page": Page(limit=20),
    },
    "search": {"q": "椰子", "sort": "newest", "page": Page(limit=20)},
}
LIST_PATH = "/api/v1/products?category=groceries&sort=price_asc&limit=20"


def database(n: int) -> str:
    """Return the URL of a PostgreSQL database holding the n-product catalog (seeded once)."""
    name = f"bench_catalog_{n}"
    url = harness.database_url(name)
    admin = create_engine(harness.PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first()
        if exists and os.environ.get("BENCH_RESEED"):
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            exists = None
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(products)).scalar_one()
    except Exception:  # noqa: BLE001 - not migrated yet
        count = 0
    engine.dispose()
    if count != n:
        started = time.monotonic()
        seed(url, n)
        print(f"seeded {n} products in {time.monotonic() - started:.1f}s", flush=True)
    return url


def search_scale(small_url: str, large_url: str, rounds: int = 200) -> None:
    """Time each query on both sizes, interleaved so that machine noise hits both alike."""
    sessions = {
        n: make_session_factory(make_engine(u))()
        for n, u in ((SMALL, small_url), (LARGE, large_url))
    }
    samples = {(n, q): [] for n in sessions for q in QUERIES}
    for i in range(rounds + 20):
        for (n, q), bucket in samples.items():
            started = time.perf_counter()
            page = load_page(sessions[n], QUERIES[q])
            elapsed = (time.perf_counter() - started) * 1000
            assert len(page["items"]) == 20, (n, q)
            if i >= 20:  # warm-up rounds are not counted
                bucket.append(elapsed)
    for s in sessions.values():
        s.close()
    p50 = {k: statistics.median(v) for k, v in samples.items()}
    ratios = {q: p50[(LARGE, q)] / p50[(SMALL, q)] for q in QUERIES}
    harness.report(
        "catalog_search_scale",
        max(ratios.values()),
        "1.5",
        p50_200k_ms=f"{max(p50[(LARGE, q)] for q in QUERIES):.2f}",
        p50_2k_ms=f"{max(p50[(SMALL, q)] for q in QUERIES):.2f}",
        **{f"{q}_ratio": f"{r:.3f}" for q, r in ratios.items()},
        **{f"{q}_{n}_ms": f"{p50[(n, q)]:.2f}" for n, q in p50},
    )


def cached_list(url: str, rounds: int = 3, duration: int = 5) -> None:
    """Load a cached list page of the catalog and the bare app alike, under one gunicorn setting.

    Both servers stay up and are loaded in turn, round after round, so that load from anything
    else on the machine falls on both alike; the ratio is taken over all rounds.
    """
    binding = Binding("mall-catalog", "GET", LIST_PATH.partition("?")[0])
    token = issue_internal_token(
        Principal(role="member", sub="bench"), DEV_INTERNAL_SECRET, binding, 3600
    )
    headers = {"X-Internal-Token": token}
    env = {
        "CATALOG_DATABASE_URL": url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6390/5"),
        "INTERNAL_TOKEN_SECRET": DEV_INTERNAL_SECRET,
        "CATALOG_CACHE_TTL": "600",
        "LOG_LEVEL": "WARNING",
    }
    catalog_url, bare_url = (
        f"http://127.0.0.1:18082{LIST_PATH}",
        f"http://127.0.0.1:18090{LIST_PATH}",
    )
    runs: dict[str, list[harness.WrkResult]] = {"catalog": [], "bare": []}
    with (
        harness.gunicorn("services.catalog.app:create_app()", 18082, env=env),
        harness.gunicorn(harness.BARE_APP, 18090, ready_path="/api/v1/products"),
    ):
        page = requests.get(catalog_url, headers=headers, timeout=10)  # warms the cache
        assert page.status_code == 200 and len(page.json()["items"]) == 20, page.text
        for _ in range(rounds):
            runs["catalog"].append(harness.wrk(catalog_url, duration=duration, headers=headers))
            runs["bare"].append(harness.wrk(bare_url, duration=duration, headers=headers))
    assert all(r.non_2xx == 0 and r.errors == 0 for r in runs["catalog"]), runs["catalog"]
    rps = {k: sum(r.rps for r in v) / len(v) for k, v in runs.items()}
    harness.report(
        "catalog_cached_list",
        rps["catalog"] / rps["bare"],
        "0.7",
        rps=f"{rps['catalog']:.0f}",
        bare_rps=f"{rps['bare']:.0f}",
        p50_ms=f"{statistics.median(r.p50_ms for r in runs['catalog']):.2f}",
        bare_p50_ms=f"{statistics.median(r.p50_ms for r in runs['bare']):.2f}",
        rounds=rounds,
    )


def main() -> None:
    """Seed (once) 2,000 and 200,000 products on PostgreSQL, then run both benchmarks."""
    small, large = database(SMALL), database(LARGE)
    cached_list(small)
    search_scale(small, large)


if __name__ == "__main__":
    main()
