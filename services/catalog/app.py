"""The catalog service's HTTP app: `python -m services.mallctl.web_server services.catalog.app:create_app --bind HOST:PORT`."""

from __future__ import annotations

from flask import Flask

from services.catalog.service import SPEC
from shared.service import create_service_app


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app from the environment; `test_config` overrides settings keys."""
    return create_service_app(SPEC, test_config)
