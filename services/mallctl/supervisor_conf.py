"""The supervisord configuration `make run` uses, generated from the Procfile.

The Procfile stays the one list of the mall's processes (compose and k8s are checked against
it); this turns each line into a supervised program: restarted with backoff when it dies
alone, the others untouched; stopped with its whole process group; one rotated log file each.

    python -m services.mallctl.supervisor_conf RUN_DIR [--procfile Procfile] > supervisord.conf
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from pathlib import Path

LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+)$")
REPO = Path(__file__).resolve().parents[2]
GROUP = "mall"  # supervisorctl names a process mall:<name>

# Every value is per program; a web server needs WEB_GRACEFUL_TIMEOUT (10 s) to drain and stop.
PROGRAM = """\
[program:{name}]
command=/bin/bash -c {command}
directory={repo}
autostart=true
autorestart=true
startsecs=2
startretries=5
stopsignal=TERM
stopwaitsecs=15
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile={logs}/{name}.log
stdout_logfile_maxbytes={max_bytes}
stdout_logfile_backups={backups}
"""

HEADER = """\
; Generated from the Procfile by services/mallctl/supervisor_conf.py: edit the Procfile instead.
[supervisord]
nodaemon=true
logfile={logs}/supervisord.log
logfile_maxbytes={max_bytes}
logfile_backups={backups}
pidfile={run}/supervisord.pid
childlogdir={logs}
identifier=union-mall

[unix_http_server]
file={run}/supervisor.sock
chmod=0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{run}/supervisor.sock

; A process that keeps failing to start (say, its database is away) is given up on by
; supervisord after its retries; this one starts it again a little later, for ever.
[eventlistener:respawn]
command={python} -m services.mallctl.respawn
directory={repo}
events=PROCESS_STATE_FATAL
autorestart=true
redirect_stderr=false
stdout_logfile=NONE
stderr_logfile={logs}/respawn.log
stderr_logfile_maxbytes={max_bytes}
stderr_logfile_backups={backups}
"""


def read_procfile(path: Path) -> dict[str, str]:
    """Process name -> shell command, in the Procfile's order."""
    found: dict[str, str] = {}
    for line in path.read_text().splitlines():
        match = LINE.match(line)
        if match and not line.lstrip().startswith("#"):
            found[match.group(1)] = match.group(2).strip()
    return found


def _escape(value: str) -> str:
    return value.replace("%", "%%")  # supervisord expands %(...)s in values


def render(
    procfile: Path,
    run_dir: Path,
    *,
    python: str = sys.executable,
    max_bytes: str = "20MB",
    backups: int = 5,
) -> str:
    run, logs = run_dir.resolve(), run_dir.resolve() / "logs"
    common = {"run": run, "logs": logs, "max_bytes": max_bytes, "backups": backups}
    parts = [HEADER.format(python=python, repo=REPO, **common)]
    processes = read_procfile(procfile)
    for name, command in processes.items():
        # bash, as honcho did: the Procfile's ${PORT:-default} and `exec` keep their meaning.
        quoted = _escape(shlex.quote(command))
        parts.append(PROGRAM.format(name=name, command=quoted, repo=REPO, **common))
    # One group: supervisord stops the processes of a group all at once, groups one by one.
    parts.append(f"[group:{GROUP}]\nprograms={','.join(processes)}\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--procfile", type=Path, default=REPO / "Procfile")
    parser.add_argument("--log-max-bytes", default="20MB")
    parser.add_argument("--log-backups", type=int, default=5)
    args = parser.parse_args(argv)
    (args.run_dir / "logs").mkdir(parents=True, exist_ok=True)
    sys.stdout.write(
        render(
            args.procfile,
            args.run_dir,
            max_bytes=args.log_max_bytes,
            backups=args.log_backups,
        )
    )


if __name__ == "__main__":
    main()
