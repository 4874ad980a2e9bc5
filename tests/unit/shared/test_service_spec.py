"""A service's spec finds the parts every service keeps in the same place."""

from __future__ import annotations

from services.catalog import bootstrap
from services.catalog.config import CatalogSettings
from services.catalog.entrypoints import consumer
from services.catalog.entrypoints.errors import ERROR_TABLE
from services.catalog.service import SPEC
from services.gateway import worker as gateway_worker
from shared.service import ServiceSpec


def test_a_service_spec_finds_its_parts_where_the_layout_keeps_them():
    assert (SPEC.name, SPEC.settings, SPEC.build) == ("catalog", CatalogSettings, bootstrap.build)
    assert (SPEC.consumer, SPEC.error_table) == (consumer, ERROR_TABLE)
    assert (SPEC.migrations / "env.py").is_file()


def test_a_part_the_spec_names_is_used_instead_of_the_layouts():
    spec = gateway_worker.WORKER
    assert (spec.name, spec.build, spec.error_table) == ("gateway", gateway_worker.build, {})
    named = ServiceSpec.of("services.catalog", migrations=SPEC.migrations.parent, publishes=[])
    assert named.migrations == SPEC.migrations.parent
