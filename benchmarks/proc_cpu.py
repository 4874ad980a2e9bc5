"""CPU time per process of a running mall, from /proc: what a rush costs each process.

Names every descendant of the mall's supervisor (web processes by service, workers, the
supervisor itself), the PostgreSQL backends serving the mall's databases, and the shared
Redis and Kafka servers (those two also serve whatever else runs on the machine).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
_SERVICE = re.compile(r"services[./](\w+)[.:](app|worker)")


def _stat(pid: str) -> tuple[int, float] | None:
    """(parent pid, CPU seconds in user + system) of a process, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def _cmdline(pid: str) -> str:
    try:
        return (
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        )
    except OSError:
        return ""


def _name(cmd: str, db_prefix: str) -> str | None:
    if found := _SERVICE.search(cmd):
        service, kind = found.groups()
        return f"{service} {'web' if kind == 'app' else 'worker'}"
    if "honcho" in cmd or "supervisord" in cmd:
        return "supervisor (log pipe)"
    if cmd.startswith("postgres: ") and f" {db_prefix}" in cmd:
        return "postgresql (mall backends)"
    if cmd.startswith("postgres: ") and ("walwriter" in cmd or "checkpointer" in cmd):
        return "postgresql wal/checkpoint (shared)"
    if "redis-server" in cmd:
        return "redis (shared)"
    if "kafka.Kafka" in cmd:
        return "kafka (shared)"
    return None


def snapshot(root_pid: int, db_prefix: str) -> dict[int, tuple[str, float]]:
    """pid -> (name, CPU seconds) for the mall's processes and its infrastructure."""
    stats = {p: s for p in os.listdir("/proc") if p.isdigit() and (s := _stat(p))}
    children = defaultdict(list)
    for pid, (ppid, _) in stats.items():
        children[str(ppid)].append(pid)
    mall, todo = set(), [str(root_pid)]
    while todo:
        pid = todo.pop()
        mall.add(pid)
        todo += children.get(pid, [])
    out = {}
    for pid, (_, cpu) in stats.items():
        name = _name(_cmdline(pid), db_prefix)
        if pid in mall and name is None:
            name = "other mall process"
        elif pid not in mall and name and not name.endswith(("(shared)", "backends)")):
            continue  # someone else's service on this machine
        if name:
            out[int(pid)] = (name, cpu)
    return out


def cpu_by_name(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds each named group spent between two snapshots."""
    spent: dict[str, float] = defaultdict(float)
    for pid, (name, cpu) in after.items():
        spent[name] += cpu - before.get(pid, (name, 0.0))[1]
    return dict(spent)


def table(spent: dict[str, float], claims: int) -> list[str]:
    """A markdown table of CPU ms per claim, largest first."""
    rows = ["| process | CPU ms per claim |", "| --- | --- |"]
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        rows.append(f"| {name} | {seconds * 1000 / max(1, claims):.2f} |")
    own = sum(s for n, s in spent.items() if "(shared)" not in n)
    rows.append(f"| **mall's own processes** | **{own * 1000 / max(1, claims):.2f}** |")
    return rows
