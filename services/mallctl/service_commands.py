"""A service's own one-shot command, run by mallctl, which imports no service.

What only a service can read (its database, its Redis keys) it reads itself, with its own
settings from the environment, and prints as JSON; mallctl runs it and reads that.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import click


class ServiceCommandFailed(click.ClickException):
    """A service's command exited with an error; shown to the operator."""

    exit_code = 2


def run_json(
    module: str, *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> Any:
    """Run `python -m <module> <args>` with this environment (plus `env`); return its JSON."""
    done = subprocess.run(  # our own modules, with arguments from our own records
        [sys.executable, "-m", module, *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise ServiceCommandFailed(f"{module} failed: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)
