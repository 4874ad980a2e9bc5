"""Each test of the shared web wiring gets a fresh stand-in service."""

from __future__ import annotations

import pytest

from tests.foundation.web.standin import calls, known_partners, make_app


@pytest.fixture
def client(service_config):
    calls.clear()
    known_partners.clear()
    return make_app(service_config).test_client()
