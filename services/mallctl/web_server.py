"""Run one of the mall's web apps under granian (WSGI), as every deployment of the mall does.

    python -m services.mallctl.web_server services.gateway.app:create_app \
        --bind 127.0.0.1:8080 [--internal-port 9190]

Why granian: side by side with gunicorn on the claim path it spends less CPU per claim and the
gateway meets its proxy targets under it (services/gateway/README.md). What gunicorn gave the
mall and granian does not, and where it lives now:
- metrics summed over workers: one PROMETHEUS_MULTIPROC_DIR per server, emptied as it starts;
  each worker forgets the live gauges of dead ones as it starts (gunicorn's child_exit);
- JSON logs and the sampled access log (`sampled_access_log.py`);
- workers that outlive a SIGKILLed master: each notices its parent is gone (`orphan_watch`),
  goes on serving for WEB_ORPHAN_GRACE seconds (10), then drains what it took and exits.
  The listeners are SO_REUSEPORT, so the server started again binds at once beside them, and
  the port never refuses a connection while the new one boots (the old gunicorn master bound
  the port before its workers loaded the app; granian's workers bind it after);
- a second listener: `--internal-port` runs a second granian server (one worker) in a child
  of this process, sharing the metrics folder. The app learns which port it serves from
  WEB_LISTEN_PORT, set here and never read from a request (the gateway's internal port).
- a worker that stopped in time is not reported killed (`granian_stop.py`: granian's master
  could take a worker reaped by its own watcher thread for one still running).
Settings: WEB_WORKERS (2), WEB_THREADS (4), WEB_GRACEFUL_TIMEOUT (10 s: SIGTERM lets the
requests in flight finish that long, then the workers are killed) and LOG_LEVEL. granian has no
worker timeout like gunicorn's 30 s: a request is bounded by the app's own timeouts (the
gateway's upstream timeout, the database and Redis clients'); a request's headers must arrive
within 30 s (granian's http1 header read timeout).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import shutil
import signal
import sys
import tempfile
import threading
import time

from shared.logs import server_log_config

LISTEN_PORT_ENV = "WEB_LISTEN_PORT"  # services.gateway.internal_port reads it
ORPHAN_GRACE = float(os.environ.get("WEB_ORPHAN_GRACE", "10"))
ORPHAN_POLL = 0.5  # seconds between looks at the parent
GRACEFUL_TIMEOUT = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", "10"))
# The access lines (`mall.access`) go to the root logger, with the service's name.
LOG_CONFIG = server_log_config("_granian")


def orphan_watch(parent: int) -> None:
    """Once `parent` is gone, serve on for WEB_ORPHAN_GRACE seconds, then stop, surely.

    Polled, not a signal from the kernel (PR_SET_PDEATHSIG): a Python handler runs only when the
    main thread runs, and the kernel may hand a process signal to one of granian's own threads
    while the main thread sleeps in a wait that nothing then interrupts. pthread_kill aims
    granian's SIGTERM at the main thread itself; should that not stop it in time, it exits.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_POLL)
        try:
            # The dead server's supervisor may have closed the pipe this would be logged to.
            with contextlib.suppress(OSError):
                print(f"web_server: pid {os.getpid()} lost its parent; stopping in "
                      f"{ORPHAN_GRACE:g} s", file=sys.stderr, flush=True)  # fmt: skip
            time.sleep(ORPHAN_GRACE)
            signal.pthread_kill(threading.main_thread().ident, signal.SIGTERM)
            time.sleep(GRACEFUL_TIMEOUT + 1)
        finally:
            os._exit(0)  # the graceful stop did not finish: what it held is lost either way

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def load_app(target: str):
    """Build the WSGI app in a worker, after the fork (granian's target loader)."""
    from services.mallctl.sampled_access_log import sampled_access_log
    from shared.metrics import drop_dead_workers

    orphan_watch(int(os.environ["WEB_MASTER_PID"]))
    drop_dead_workers(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    module, _, factory = target.partition(":")
    return sampled_access_log(getattr(importlib.import_module(module), factory)())


def metrics_folder() -> str:
    """A fresh folder all workers write their metrics to, so /metrics shows the sum."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.path.join(
        tempfile.gettempdir(), f"mall-prometheus-{os.getpid()}"
    )
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    return folder


def serve(target: str, host: str, port: int, workers: int, threads: int) -> None:
    """Run granian in this process until SIGTERM or SIGINT."""
    from granian.constants import Interfaces
    from granian.log import LogLevels

    from services.mallctl.granian_stop import Server

    os.environ[LISTEN_PORT_ENV] = str(port)
    os.environ["WEB_MASTER_PID"] = str(os.getpid())
    level = os.environ.get("LOG_LEVEL", "INFO").lower()
    server = Server(
        target,
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=threads,
        runtime_threads=1,
        log_level=LogLevels(level if level in LogLevels.__members__ else "info"),
        log_dictconfig=LOG_CONFIG,
        respawn_failed_workers=True,  # as gunicorn: a crashed worker is replaced
        workers_kill_timeout=GRACEFUL_TIMEOUT,
    )
    server.serve(target_loader=load_app)


def serve_internal(target: str, host: str, port: int) -> int:
    """Fork a one-worker server for the internal port; return its pid."""
    parent = os.getpid()
    child = os.fork()
    if child:
        return child
    try:
        orphan_watch(parent)  # as its workers do: serve on a while, then stop
        serve(target, host, port, workers=1, threads=2)
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    except BaseException:  # noqa: BLE001 - reported, then the parent starts over
        import traceback

        traceback.print_exc()
        code = 1
    os._exit(code)


def watch(child: int, stopping: threading.Event) -> None:
    """If the internal server dies on its own, stop this one too: the supervisor restarts both."""
    os.waitpid(child, 0)
    if not stopping.is_set():
        print(f"web_server: the internal server (pid {child}) exited", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGTERM)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", help="module:factory of the WSGI app")
    parser.add_argument("--bind", required=True, help="HOST:PORT")
    parser.add_argument("--internal-port", type=int, default=0, help="on the same HOST")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
    args = parser.parse_args(argv)
    host, _, port = args.bind.rpartition(":")
    folder = metrics_folder()
    stopping = threading.Event()
    child = serve_internal(args.target, host, args.internal_port) if args.internal_port else 0
    watcher = threading.Thread(target=watch, args=(child, stopping), daemon=True)
    if child:
        watcher.start()
    try:
        serve(args.target, host, int(port), args.workers, args.threads)
    finally:
        stopping.set()
        if child:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)
            watcher.join(timeout=GRACEFUL_TIMEOUT + 5)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
