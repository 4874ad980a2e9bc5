"""The Procfile runs every service's web process and worker, and names only what exists."""

from __future__ import annotations

import re
import shlex

from supervisor.datatypes import RestartUnconditionally
from supervisor.options import ServerOptions

from services.mallctl.supervisor_conf import GROUP, render
from tests.ops.test_compose import APP_SPEC, REPO, WEB_SERVER, module_file

LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+)$")


def processes() -> dict[str, str]:
    found = {}
    for line in (REPO / "Procfile").read_text().splitlines():
        match = LINE.match(line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_supervisord_accepts_the_config_generated_from_the_procfile(tmp_path):
    """`make run` supervises every Procfile line: restarted alone, stopped as a group."""
    (tmp_path / "logs").mkdir()
    conf = tmp_path / "supervisord.conf"
    conf.write_text(render(REPO / "Procfile", tmp_path))
    options = ServerOptions()
    options.realize(args=["-c", str(conf)])
    groups = {g.name: g for g in options.process_group_configs}
    programs = {p.name: p for p in groups[GROUP].process_configs}
    assert set(programs) == set(processes())
    for program in programs.values():
        assert program.autorestart is RestartUnconditionally
        assert program.stopasgroup and program.killasgroup
        assert program.stdout_logfile == str(tmp_path / "logs" / f"{program.name}.log")
        assert program.stdout_logfile_maxbytes > 0 and program.stdout_logfile_backups > 0
    assert "respawn" in groups  # what supervisord gives up on is started again later


def test_procfile_has_a_web_process_and_worker_per_service():
    names = set(processes())
    for svc in ("merchant", "catalog", "voucher", "gateway"):
        assert {svc, f"{svc}-worker"} <= names


def test_procfile_web_ports_follow_the_conventions():
    ports = {name: re.search(r":-(\d+)\}", cmd) for name, cmd in processes().items()}
    found = {name: m.group(1) for name, m in ports.items() if m}
    assert found == {
        "gateway": "8080", "merchant": "8081", "catalog": "8082", "voucher": "8083", "web": "8090",
    }  # fmt: skip


def test_procfile_commands_name_modules_that_exist():
    missing = []
    for name, command in processes().items():
        argv = shlex.split(command)
        for i, arg in enumerate(argv):
            spec = APP_SPEC.match(arg)
            if argv[i - 1] == "-m" or arg.startswith("python:"):
                module = arg.removeprefix("python:")
                if module_file(module) is None:
                    missing.append(f"{name}: {module}")
            elif spec and argv[1:4] == WEB_SERVER:  # after `exec`
                source = module_file(spec.group(1))
                if source is None or f"def {spec.group(2)}(" not in source.read_text():
                    missing.append(f"{name}: {arg}")
    assert not missing, missing
