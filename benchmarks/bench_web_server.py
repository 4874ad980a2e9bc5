"""gunicorn or granian for the web processes: CPU per claim of the real claim path.

The voucher service and the gateway run under granian as the mall runs them
(`services/mallctl/web_server.py`: 2 workers x 4 blocking threads, one runtime thread, sampled
JSON access log) and under gunicorn as the mall ran them before (`benchmarks/gunicorn_conf.py`:
gthread, 2 workers x 4 threads, the same sampled access log), in turn, BENCH_WEB_ROUNDS times
(default 2). Each turn rushes a fresh campaign
through the gateway with the rehearsal's driver (a member and an address per claim, the
gateway trusting one proxy, every limit at its default) and reads the two process trees' CPU
time from /proc, so the busy shared machine shows in the rate but little in the CPU per
claim. PostgreSQL and a private Redis serve both alike and are not counted.

`ratio` = granian's CPU per claim / gunicorn's, gateway + voucher, over all rounds: below
0.9 granian is clearly cheaper. `python -m benchmarks.bench_web_server`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

import requests

from benchmarks.bench_voucher import open_campaign
from benchmarks.cpu import private_redis
from benchmarks.harness import REPO, report, scratch_database
from benchmarks.web_servers import _tree_cpu
from services.mallctl.rehearse.loadgen import Claim, rush
from shared.dev_tokens import mint_token
from shared.migrations import upgrade

CLAIMS = int(os.environ.get("BENCH_WEB_CLAIMS", "3000"))
ROUNDS = int(os.environ.get("BENCH_WEB_ROUNDS", "2"))
CONNECTIONS = 32
VOUCHER_PORT, GATEWAY_PORT = 18583, 18580
APPS = {"voucher": "services.voucher.app:create_app", "gateway": "services.gateway.app:create_app"}


def command(server: str, app: str, port: int, tree: Path = REPO) -> list[str]:
    """The argv of `app` (module:factory) on `port`: under granian as the mall runs it
    (services/mallctl/web_server.py), or under gunicorn as it ran before (benchmarks/gunicorn_conf.py,
    or the older `tree`'s services/mallctl/gunicorn_conf.py)."""
    app = app.removesuffix("()")
    if server == "gunicorn":
        conf = "benchmarks.gunicorn_conf"
        if not (tree / "benchmarks" / "gunicorn_conf.py").exists():
            conf = "services.mallctl.gunicorn_conf"  # a tree from before granian
        return [sys.executable, "-m", "gunicorn", "-c", f"python:{conf}",
                "-b", f"127.0.0.1:{port}", f"{app}()"]  # fmt: skip
    return [sys.executable, "-m", "services.mallctl.web_server", app, "--bind", f"127.0.0.1:{port}"]


@contextmanager
def serving(cmd: list[str], port: int, env: dict, cwd: Path = REPO):
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **env}, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code < 500:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{' '.join(cmd[2:])} did not serve on {port}")
            time.sleep(0.2)
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def one_turn(server: str, env: dict, cwd: Path = REPO) -> dict[str, float]:
    """CPU ms per claim of each web process tree, and the claims/s, for one server (running
    the code of the source tree `cwd`)."""
    with ExitStack() as stack:
        procs = {
            name: stack.enter_context(
                serving(command(server, APPS[name], port, cwd), port, env, cwd)
            )
            for name, port in (("voucher", VOUCHER_PORT), ("gateway", GATEWAY_PORT))
        }
        campaign = open_campaign(f"http://127.0.0.1:{VOUCHER_PORT}", quantity=CLAIMS + 200)
        path = f"/api/v1/campaigns/{campaign}/claims"
        run = uuid.uuid4().hex[:6]
        claims = [
            Claim(mint_token("member", f"web-{run}-{i}", segments=["regular"], region="460100"),
                  f"10.9.{i >> 8 & 255}.{i & 255}")
            for i in range(CLAIMS + 200)
        ]  # fmt: skip
        gateway = f"http://127.0.0.1:{GATEWAY_PORT}"
        rush(gateway, path, claims[:200], connections=CONNECTIONS)  # warm pools and caches
        before = {name: _tree_cpu(p.pid) for name, p in procs.items()}
        done = rush(gateway, path, claims[200:], connections=CONNECTIONS)
        spent = {name: _tree_cpu(p.pid) - before[name] for name, p in procs.items()}
    if done.statuses.get(201, 0) != CLAIMS:
        raise SystemExit(f"{server}: not every claim was issued: {dict(done.statuses)}")
    out = {name: s * 1000 / CLAIMS for name, s in spent.items()}
    out["claims_per_s"] = CLAIMS / done.seconds
    return out


def main() -> None:
    """`--against DIR [--tree DIR2] [--server granian]`: gunicorn (or granian) running the code
    of DIR (say a `git archive` of an older commit) against this tree's (or DIR2's), instead of
    granian against gunicorn.
    `--shapes 2x4,1x8,...`: granian alone, with each WEB_WORKERS x WEB_THREADS in turn."""
    against = Path(sys.argv[sys.argv.index("--against") + 1]) if "--against" in sys.argv else None
    tree = Path(sys.argv[sys.argv.index("--tree") + 1]) if "--tree" in sys.argv else REPO
    server = sys.argv[sys.argv.index("--server") + 1] if "--server" in sys.argv else "gunicorn"
    sides = (
        {"before": (server, against), "after": (server, tree)}
        if against
        else {"gunicorn": ("gunicorn", REPO), "granian": ("granian", REPO)}
    )
    shapes = sys.argv[sys.argv.index("--shapes") + 1].split(",") if "--shapes" in sys.argv else []
    if shapes:
        sides = {shape: ("granian", REPO) for shape in shapes}
    with (
        private_redis() as redis_url,
        scratch_database("bench_web") as voucher_db,
        tempfile.TemporaryDirectory() as tmp,
    ):
        upgrade(voucher_db, "services/voucher/migrations")
        env = {
            "VOUCHER_DATABASE_URL": voucher_db,
            "GATEWAY_DATABASE_URL": f"sqlite:///{tmp}/gateway.db",
            "REDIS_URL": redis_url,
            "KAFKA_TOPIC_PREFIX": f"benchweb{uuid.uuid4().hex[:6]}.",
            "VOUCHER_URL": f"http://127.0.0.1:{VOUCHER_PORT}",
            "TRUSTED_PROXY_HOPS": "1",
            "GATEWAY_INTERNAL_PORT": "0",  # the public port only, on both servers
            "LOG_LEVEL": "WARNING",
        }
        upgrade(env["GATEWAY_DATABASE_URL"], "services/gateway/migrations")
        turns: dict[str, list[dict]] = {side: [] for side in sides}
        for _ in range(ROUNDS):
            for side, results in turns.items():
                server, tree = sides[side]
                workers, _, threads = side.partition("x")
                shape = {"WEB_WORKERS": workers, "WEB_THREADS": threads} if shapes else {}
                results.append(one_turn(server, {**env, **shape}, tree))
                r = results[-1]
                print(f"{side:9s} gateway_ms={r['gateway']:.3f} voucher_ms={r['voucher']:.3f}"
                      f" claims_per_s={r['claims_per_s']:.0f}", flush=True)  # fmt: skip

    def mean(server: str, key: str) -> float:
        return sum(r[key] for r in turns[server]) / len(turns[server])

    per_claim = {s: mean(s, "gateway") + mean(s, "voucher") for s in turns}
    if shapes:
        for shape in shapes:
            print(f"shape {shape}: {per_claim[shape]:.3f} ms/claim, "
                  f"{mean(shape, 'claims_per_s'):.0f} claims/s")  # fmt: skip
        return
    if against:
        b, a = per_claim["before"], per_claim["after"]
        print(f"before {b:.3f} ms/claim, after {a:.3f} ({a / b:.3f}); gateway "
              f"{mean('before', 'gateway'):.3f} -> {mean('after', 'gateway'):.3f}, voucher "
              f"{mean('before', 'voucher'):.3f} -> {mean('after', 'voucher'):.3f}")  # fmt: skip
        return
    report(
        "web_server_claim_cpu",
        per_claim["granian"] / per_claim["gunicorn"],
        "info",
        gunicorn_ms=f"{per_claim['gunicorn']:.2f}",
        granian_ms=f"{per_claim['granian']:.2f}",
        gateway_ms=f"{mean('gunicorn', 'gateway'):.2f}/{mean('granian', 'gateway'):.2f}",
        voucher_ms=f"{mean('gunicorn', 'voucher'):.2f}/{mean('granian', 'voucher'):.2f}",
        claims=CLAIMS,
        rounds=ROUNDS,
        load=f"{os.getloadavg()[0]:.1f}",
    )


if __name__ == "__main__":
    main()
