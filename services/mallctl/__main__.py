"""Run mallctl as `python -m services.mallctl`."""

from __future__ import annotations

from services.mallctl.cli import run

run()
