"""Gateway benchmarks: a cached public list vs the bare Flask app; proxy overhead vs direct.

The proxy overhead is measured on an uncached proxied read: a member's own vouchers, which
neither the gateway nor the voucher service answers from a cache (PostgreSQL, as in
production), three ways taken in turn: direct, through the gateway, and through
`min_proxy.py`, a framework-free WSGI forwarder, both under granian as the mall runs its web
processes (`services/mallctl/web_server.py`; what the second HTTP hop alone costs on this
machine). Two targets, from one run:
- `ratio` = p50 through the gateway / p50 through min_proxy <= 1.15: the gateway's own work
  (caller check, limits, headers, metrics) adds at most 15 % to the bare hop;
- `added_ms` = p50 through the gateway - p50 direct <= 1.0 ms.
Beside them, for the reader:
- `floor_ratio`: the bare hop against the direct call;
- `cached_read_ratio`: the public product list, which the catalog serves from its own memory,
  for a member (so the gateway forwards it): the hop against the cheapest read there is.
`gateway_proxy_overhead_gunicorn` (info) is the same pair, the gateway and min_proxy both
under gunicorn as the mall ran them before (`benchmarks/gunicorn_conf.py`), in a pass of its
own (direct, gateway, min_proxy in turn): what the change of server gave
(services/gateway/README.md).

`cpu_ms` on each line is the gateway's / min_proxy's CPU per request (their process trees, from
/proc), which a busy machine stretches far less than the latencies.

`python -m benchmarks.bench_gateway --against DIR` (DIR: say a `git archive` of an older
commit) also runs DIR's gateway and min_proxy (under granian if DIR has the mall's web server,
else gunicorn) in the same turns as this tree's and prints `gateway_proxy_overhead_against`:
DIR's figures, and this tree's from the same turns (`this_tree`), a before/after that the
machine's load cannot tilt.
"""

from __future__ import annotations

import http.client
import os
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import redis
import requests

from benchmarks.bench_voucher import internal_token, open_campaign
from benchmarks.bench_web_server import command, serving
from benchmarks.harness import BARE_APP, report, scratch_database, wrk
from benchmarks.web_servers import _tree_cpu
from shared.dev_tokens import mint_token as mint
from shared.migrations import upgrade

BARE_PORT, CATALOG_PORT, GATEWAY_PORT, VOUCHER_PORT, FLOOR_PORT = 18190, 18192, 18191, 18193, 18194
GUNICORN_GATEWAY_PORT, GUNICORN_FLOOR_PORT = 18195, 18196
AGAINST_GATEWAY_PORT, AGAINST_FLOOR_PORT = 18197, 18198
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6390/11")
DURATION = int(os.environ.get("BENCH_DURATION", "6"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
# requests per server per pass: a p50 over ~10 s of a shared machine, not ~4 s, which one
# slow spell of the machine could tip
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "1500"))
WALLET = 5  # vouchers the benchmark member holds
MEMBER = "m-bench"


def mall_server(app: str, port: int, env: dict | None = None):
    """`app` under the mall's own web server (granian): all but the --against tree."""
    return serving(command("granian", app, port), port, {**(env or {})})


def _env(tmp: str, voucher_db: str) -> dict:
    return {
        "REDIS_URL": REDIS_URL,
        "KAFKA_TOPIC_PREFIX": f"bench{uuid.uuid4().hex[:6]}.",
        "CATALOG_DATABASE_URL": f"sqlite:///{tmp}/catalog.db",
        "GATEWAY_DATABASE_URL": f"sqlite:///{tmp}/gateway.db",
        "VOUCHER_DATABASE_URL": voucher_db,
        "CATALOG_URL": f"http://127.0.0.1:{CATALOG_PORT}",
        "VOUCHER_URL": f"http://127.0.0.1:{VOUCHER_PORT}",
        "RATE_LIMIT_IP": "10000000/minute",
        "RATE_LIMIT_CALLER": "10000000/minute",
        "RATE_LIMIT_IP_VERIFIED": "10000000/minute",
        "LOG_LEVEL": "WARNING",
    }


def paired_medians(port_headers: list[tuple[int, dict]], path: str) -> list[float]:
    """Median latency (ms) of one GET at each port, the ports taken in turn, request by request.

    Taking them in turn keeps a busy machine's ups and downs out of the ratios; the client is
    http.client on one keep-alive connection each, so that little of a client's own time
    thins the ratios out.
    """
    conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=5) for port, _ in port_headers]
    samples: list[list[float]] = [[] for _ in port_headers]
    for i in range(SAMPLES + 50):
        for which, (conn, (_, headers)) in enumerate(zip(conns, port_headers, strict=True)):
            started = time.perf_counter()
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                raise SystemExit(f"port {port_headers[which][0]} answered {resp.status}")
            if i >= 50:  # the first rounds warm pools and caches
                samples[which].append((time.perf_counter() - started) * 1000)
    for conn in conns:
        conn.close()
    return [statistics.median(s) for s in samples]


def cached_list(gateway_port: int) -> None:
    # alternate the two, twice, and keep each one's best round: a busy machine's
    # slow moments then hit neither side more than the other
    with mall_server(BARE_APP, BARE_PORT, {"LOG_LEVEL": "WARNING"}):
        bare_runs, cached_runs = [], []
        for _ in range(ROUNDS):
            bare_runs.append(
                wrk(f"http://127.0.0.1:{BARE_PORT}/api/v1/products", duration=DURATION)
            )
            cached_runs.append(
                wrk(f"http://127.0.0.1:{gateway_port}/api/v1/products", duration=DURATION)
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


def fill_wallet() -> None:
    base = f"http://127.0.0.1:{VOUCHER_PORT}"
    campaign = open_campaign(base, quantity=100, per_member_limit=WALLET)
    path = f"/api/v1/campaigns/{campaign}/claims"
    member = {"X-Internal-Token": internal_token("member", MEMBER, "POST", path)}
    for _ in range(WALLET):
        requests.post(f"{base}{path}", headers=member, timeout=10).raise_for_status()


def cpu_and_medians(ports: list[tuple[int, dict]], procs: list) -> tuple[list[float], list[str]]:
    """`paired_medians` of `ports` (direct first, then one per process in `procs`), with each
    process tree's CPU ms per request over the same requests (from /proc)."""
    before = [_tree_cpu(proc.pid) for proc in procs]
    medians = paired_medians(ports, "/api/v1/me/vouchers")
    cpu = [
        f"{(_tree_cpu(proc.pid) - spent) * 1000 / (SAMPLES + 50):.3f}"
        for proc, spent in zip(procs, before, strict=True)
    ]
    return medians, cpu


def proxy_overhead(env: dict, gateway_proc, against: Path | None = None) -> None:
    """Three passes, each taking its servers in turn: the targets (direct, gateway, min_proxy,
    under granian), gunicorn's pair (info), and with `against` the older tree's pair beside
    this one's. A pass takes only the servers it compares: each server idles while the others
    answer, and more servers in a turn leave it colder for its next request."""
    direct = {"X-Internal-Token": internal_token("member", MEMBER, "GET", "/api/v1/me/vouchers")}
    catalog_token = internal_token("member", MEMBER, "GET", "/api/v1/products", "mall-catalog")
    through = {"Authorization": f"Bearer {mint('member', MEMBER, ('regular',), '460100')}"}
    floor_env = {**env, "MIN_PROXY_UPSTREAM": f"http://127.0.0.1:{VOUCHER_PORT}",
                 "MIN_PROXY_TOKEN": direct["X-Internal-Token"]}  # fmt: skip
    fill_wallet()
    with mall_server("benchmarks.min_proxy:create_app", FLOOR_PORT, floor_env) as floor_proc:
        (voucher, gateway, floor), cpu = cpu_and_medians(
            [(VOUCHER_PORT, direct), (GATEWAY_PORT, through), (FLOOR_PORT, {})],
            [gateway_proc, floor_proc],
        )
        load = os.getloadavg()[0]
        catalog, gateway_catalog = paired_medians(
            [(CATALOG_PORT, {"X-Internal-Token": catalog_token}), (GATEWAY_PORT, through)],
            "/api/v1/products?limit=20",
        )
        if against is not None:
            old = against_pass(env, floor_env, against, gateway_proc, floor_proc, direct, through)
    report(
        "gateway_proxy_overhead",
        gateway / floor,
        "1.15",
        added_ms=f"{gateway - voucher:.2f}",
        added_ms_target="1.0",
        p50_gateway_ms=f"{gateway:.2f}",
        p50_direct_ms=f"{voucher:.2f}",
        floor_ratio=f"{floor / voucher:.3f}",
        p50_floor_ms=f"{floor:.2f}",
        cpu_ms=f"{cpu[0]}/{cpu[1]}",
        cached_read_ratio=f"{gateway_catalog / catalog:.3f}",
        cached_read_p50_ms=f"{gateway_catalog:.2f}/{catalog:.2f}",
        load=f"{load:.1f}",
    )
    gunicorn_pass(env, floor_env, direct, through)
    if against is not None:
        report("gateway_proxy_overhead_against", old.pop("ratio"), "info", **old)


def gunicorn_pass(env: dict, floor_env: dict, direct: dict, through: dict) -> None:
    """The same pair under gunicorn, as the mall ran them before (info)."""
    gateway_cmd = command("gunicorn", "services.gateway.app:create_app", GUNICORN_GATEWAY_PORT)
    floor_cmd = command("gunicorn", "benchmarks.min_proxy:create_app", GUNICORN_FLOOR_PORT)
    with (
        serving(gateway_cmd, GUNICORN_GATEWAY_PORT, env) as gateway_proc,
        serving(floor_cmd, GUNICORN_FLOOR_PORT, floor_env) as floor_proc,
    ):
        (voucher, gateway, floor), cpu = cpu_and_medians(
            [(VOUCHER_PORT, direct), (GUNICORN_GATEWAY_PORT, through), (GUNICORN_FLOOR_PORT, {})],
            [gateway_proc, floor_proc],
        )
    report(
        "gateway_proxy_overhead_gunicorn",
        gateway / floor,
        "info",
        added_ms=f"{gateway - voucher:.2f}",
        p50_gateway_ms=f"{gateway:.2f}",
        p50_floor_ms=f"{floor:.2f}",
        p50_direct_ms=f"{voucher:.2f}",
        floor_ratio=f"{floor / voucher:.3f}",
        cpu_ms=f"{cpu[0]}/{cpu[1]}",
    )


def against_pass(
    env: dict, floor_env: dict, tree: Path, gateway_proc, floor_proc, direct: dict, through: dict
) -> dict:
    """The older tree's gateway and min_proxy (under granian when it has the mall's web server,
    else gunicorn) in the same turns as this tree's: a before/after the load cannot tilt."""
    server = "granian" if (tree / "services" / "mallctl" / "web_server.py").exists() else "gunicorn"
    apps = (("services.gateway.app:create_app", AGAINST_GATEWAY_PORT, env),
            ("benchmarks.min_proxy:create_app", AGAINST_FLOOR_PORT, floor_env))  # fmt: skip
    with ExitStack() as stack:
        old = [
            stack.enter_context(serving(command(server, app, port, tree), port, app_env, tree))
            for app, port, app_env in apps
        ]
        (voucher, gateway, old_gateway, floor, old_floor), cpu = cpu_and_medians(
            [(VOUCHER_PORT, direct), (GATEWAY_PORT, through), (AGAINST_GATEWAY_PORT, through),
             (FLOOR_PORT, {}), (AGAINST_FLOOR_PORT, {})],
            [gateway_proc, old[0], floor_proc, old[1]],
        )  # fmt: skip
    return {
        "ratio": old_gateway / old_floor,
        "added_ms": f"{old_gateway - voucher:.2f}",
        "p50_gateway_ms": f"{old_gateway:.2f}",
        "p50_floor_ms": f"{old_floor:.2f}",
        "cpu_ms": f"{cpu[1]}/{cpu[3]}",
        "this_tree": f"ratio={gateway / floor:.3f} added_ms={gateway - voucher:.2f} "
        f"cpu_ms={cpu[0]}/{cpu[2]}",
        "p50_direct_ms": f"{voucher:.2f}",
        "server": server,
        "tree": str(tree),
    }


def _against() -> Path | None:
    if "--against" not in sys.argv:
        return None
    return Path(sys.argv[sys.argv.index("--against") + 1]).resolve()


def main() -> None:
    """Run both comparisons and print the `bench:` lines."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    with tempfile.TemporaryDirectory() as tmp, scratch_database("bench_gateway") as voucher_db:
        env = _env(tmp, voucher_db)
        upgrade(env["CATALOG_DATABASE_URL"], "services/catalog/migrations")
        upgrade(env["GATEWAY_DATABASE_URL"], "services/gateway/migrations")
        upgrade(voucher_db, "services/voucher/migrations")
        with (
            mall_server("services.catalog.app:create_app", CATALOG_PORT, env),
            mall_server("services.voucher.app:create_app", VOUCHER_PORT, env),
            mall_server("services.gateway.app:create_app", GATEWAY_PORT, env) as gateway,
        ):
            cached_list(GATEWAY_PORT)
            proxy_overhead(env, gateway, _against())


if __name__ == "__main__":
    main()
