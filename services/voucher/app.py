"""The voucher service's HTTP app: `python -m services.mallctl.web_server services.voucher.app:create_app --bind HOST:PORT`."""

from __future__ import annotations

from flask import Flask

from services.voucher.service import SPEC
from shared.service import create_service_app


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app; `test_config` overrides settings and may pass a `clock` callable."""
    return create_service_app(SPEC, test_config)
