"""gunicorn settings as the mall's web processes ran under it until granian replaced it.

Kept for the side-by-side comparisons (`bench_web_server`, `floor`): `python -m gunicorn -c
python:benchmarks.gunicorn_conf -b HOST:PORT 'module:factory()'`. The mall itself runs
`services/mallctl/web_server.py`.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from shared.logs import server_log_config

# Set before any worker imports prometheus_client, so all workers write to one folder and
# /metrics shows the sum over workers instead of whichever worker answered.
_prom_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.path.join(
    tempfile.gettempdir(), f"mall-prometheus-{os.getpid()}"
)
shutil.rmtree(_prom_dir, ignore_errors=True)
os.makedirs(_prom_dir, exist_ok=True)
os.environ["PROMETHEUS_MULTIPROC_DIR"] = _prom_dir

workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = int(os.environ.get("WEB_THREADS", "4"))
# gthread, but an orphaned worker frees the port at once for the master started again.
worker_class = "benchmarks.gunicorn_classes.OrphanReleasingThreadWorker"
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
# gunicorn >= 25 opens a control socket at one path per user ($HOME/.gunicorn/gunicorn.ctl):
# with a dozen masters on a machine each would take it from the last; nothing here uses it.
control_socket_disable = True
graceful_timeout = 10
accesslog = None
# Every 5xx and slow answer, and a sample of the rest (sampled_access_log.py): a line per
# request through the supervisor's pipe costs a rush more CPU than the claim's Redis work.
logger_class = "benchmarks.gunicorn_classes.SampledAccessLogger"
logconfig_dict = server_log_config("gunicorn.error", "gunicorn.access")


def child_exit(_server, worker) -> None:
    """Drop a dead worker's live gauges from the shared metrics folder."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(_server) -> None:
    """Remove the metrics folder this master created."""
    shutil.rmtree(_prom_dir, ignore_errors=True)
