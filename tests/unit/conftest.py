"""Unit tests: pure rules, no Kafka, Redis or database (`make test-unit`)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def real_infrastructure():
    """Refuse a server fixture here: a test that needs one belongs in an integration folder."""
    pytest.fail("a unit test asked for a server; move it next to the integration tests")
