"""A browser's claim through the gateway: the fast lane against the Flask path, side by side.

Browsers send `Origin` on every POST, so in a claim rush every claim made from the mall's
pages carries one. Three gateways under granian (as the mall runs them) in front of one
voucher service: the lane (`GATEWAY_FAST_LANE=1`) and the Flask path (`=0`) both sent
`Origin: http://localhost:3000` (an allowed front end), and the lane sent no Origin (what an
app's claim costs, for reference). Requests go one at a time, to each gateway in turn, on a
keep-alive connection each, every claim a new member from a new address (a rush: each token
new to the gateway), every limit at its default. Each gateway's CPU per claim comes from
its process tree in /proc, over the same claims, so the machine's load tilts neither side.

`ratio` = the lane's CPU per claim with an Origin / the Flask path's.
`python -m benchmarks.bench_origin_lane` (BENCH_ORIGIN_CLAIMS claims per gateway, 1500).
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import tempfile
import time
import uuid
from contextlib import ExitStack

from benchmarks.bench_voucher import open_campaign
from benchmarks.bench_web_server import command, serving
from benchmarks.cpu import private_redis
from benchmarks.harness import report, scratch_database
from benchmarks.web_servers import _tree_cpu
from shared.dev_tokens import mint_token
from shared.migrations import upgrade

CLAIMS = int(os.environ.get("BENCH_ORIGIN_CLAIMS", "1500"))
WARM = 50  # claims per gateway before counting: pools, caches, lazy imports
FRONT_END = "http://localhost:3000"
SIDES = {  # name: (GATEWAY_FAST_LANE, Origin sent)
    "lane_origin": ("1", True),
    "flask_origin": ("0", True),
    "lane_no_origin": ("1", False),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def claim(conn: http.client.HTTPConnection, path: str, member: str, address: str, origin: bool):
    """POST one claim; return its latency in ms."""
    headers = {
        "Authorization": f"Bearer {mint_token('member', member, ('regular',), '460100')}",
        "X-Forwarded-For": address,
        "Content-Length": "0",
    }
    if origin:
        headers["Origin"] = FRONT_END
    started = time.perf_counter()
    conn.request("POST", path, headers=headers)
    resp = conn.getresponse()
    resp.read()
    spent = (time.perf_counter() - started) * 1000
    if resp.status != 201 or origin != (resp.getheader("Access-Control-Allow-Origin") == FRONT_END):
        raise SystemExit(f"{member}: {resp.status} {resp.getheaders()}")
    return spent


def paired(gateways: dict[str, tuple[int, object]], path: str) -> dict[str, dict[str, float]]:
    """Every gateway in turn, claim by claim: CPU ms per claim and latency percentiles."""
    conns = {
        side: http.client.HTTPConnection("127.0.0.1", port) for side, (port, _) in gateways.items()
    }
    latencies: dict[str, list[float]] = {side: [] for side in gateways}
    run = uuid.uuid4().hex[:6]
    before = {}
    for i in range(WARM + CLAIMS):
        if i == WARM:
            before = {side: _tree_cpu(proc.pid) for side, (_, proc) in gateways.items()}
        for n, side in enumerate(gateways):
            member, address = f"o-{run}-{n}-{i}", f"10.{n}.{i >> 8 & 255}.{i & 255}"
            spent = claim(conns[side], path, member, address, SIDES[side][1])
            if i >= WARM:
                latencies[side].append(spent)
    out = {}
    for side, (_, proc) in gateways.items():
        ordered = sorted(latencies[side])
        out[side] = {
            "cpu_ms": (_tree_cpu(proc.pid) - before[side]) * 1000 / CLAIMS,
            "p50_ms": statistics.median(ordered),
            "p90_ms": ordered[int(0.9 * len(ordered))],
        }
    for conn in conns.values():
        conn.close()
    return out


def main() -> None:
    """Run the three gateways side by side and print a line each and the `bench:` line."""
    with (
        private_redis() as redis_url,
        scratch_database("bench_origin") as voucher_db,
        tempfile.TemporaryDirectory() as tmp,
        ExitStack() as stack,
    ):
        voucher_port = free_port()
        env = {
            "VOUCHER_DATABASE_URL": voucher_db,
            "GATEWAY_DATABASE_URL": f"sqlite:///{tmp}/gateway.db",
            "REDIS_URL": redis_url,
            "KAFKA_TOPIC_PREFIX": f"benchorigin{uuid.uuid4().hex[:6]}.",
            "VOUCHER_URL": f"http://127.0.0.1:{voucher_port}",
            "TRUSTED_PROXY_HOPS": "1",
            "GATEWAY_INTERNAL_PORT": "0",
            "LOG_LEVEL": "WARNING",
        }
        upgrade(voucher_db, "services/voucher/migrations")
        upgrade(env["GATEWAY_DATABASE_URL"], "services/gateway/migrations")
        app = "services.voucher.app:create_app"
        stack.enter_context(serving(command("granian", app, voucher_port), voucher_port, env))
        gateways = {}
        for side, (lane, _) in SIDES.items():
            port = free_port()
            cmd = command("granian", "services.gateway.app:create_app", port)
            proc = stack.enter_context(serving(cmd, port, {**env, "GATEWAY_FAST_LANE": lane}))
            gateways[side] = (port, proc)
        campaign = open_campaign(
            f"http://127.0.0.1:{voucher_port}", quantity=len(SIDES) * (WARM + CLAIMS)
        )
        found = paired(gateways, f"/api/v1/campaigns/{campaign}/claims")
    for side, figures in found.items():
        print(side, " ".join(f"{k}={v:.3f}" for k, v in figures.items()), flush=True)
    lane, flask = found["lane_origin"], found["flask_origin"]
    report(
        "gateway_origin_lane",
        lane["cpu_ms"] / flask["cpu_ms"],
        "info",
        cpu_ms=f"{lane['cpu_ms']:.3f}/{flask['cpu_ms']:.3f}",
        p50_ms=f"{lane['p50_ms']:.2f}/{flask['p50_ms']:.2f}",
        no_origin_cpu_ms=f"{found['lane_no_origin']['cpu_ms']:.3f}",
        claims=CLAIMS,
        load=f"{os.getloadavg()[0]:.1f}",
    )


if __name__ == "__main__":
    main()
