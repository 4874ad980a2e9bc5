"""The three services keep the same thing in the same place, under the same name."""

from __future__ import annotations

import ast
import dataclasses
import importlib
from pathlib import Path

import pytest

from services.catalog.service_layer.context import CatalogContext
from services.merchant.service_layer.context import MerchantContext
from services.voucher.service_layer.context import VoucherContext
from shared.clock import utc_now

SERVICES = Path(__file__).resolve().parents[3] / "services"
CONTEXTS = {"catalog": CatalogContext, "merchant": MerchantContext, "voucher": VoucherContext}
# What a service's root holds; every other entry point (views, consumer, one-shot commands)
# lives in entrypoints/.
ROOT_MODULES = {"__init__.py", "app.py", "bootstrap.py", "config.py", "service.py", "worker.py"}


def _fields(context: type) -> dict[str, dataclasses.Field]:
    return {f.name: f for f in dataclasses.fields(context)}


@pytest.mark.parametrize("service", CONTEXTS)
def test_every_context_names_the_shared_parts_alike(service):
    fields = _fields(CONTEXTS[service])
    assert {"session_factory", "record_event", "now"} <= fields.keys()
    assert fields["now"].default is utc_now
    assert callable(CONTEXTS[service].uow)


@pytest.mark.parametrize("service", CONTEXTS)
def test_a_service_root_holds_no_entry_point_of_its_own(service):
    root = {p.name for p in (SERVICES / service).glob("*.py")}
    assert root <= ROOT_MODULES, f"move {sorted(root - ROOT_MODULES)} into entrypoints/"


def _is_context(annotation: ast.expr | None) -> bool:
    return annotation is not None and ast.unparse(annotation).endswith("Context")


@pytest.mark.parametrize("service", CONTEXTS)
def test_the_context_is_handed_on_as_ctx(service):
    wrong = []
    for path in (SERVICES / service).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.Lambda):
                args = node.args.args + node.args.kwonlyargs
                wrong += [
                    f"{path.relative_to(SERVICES)}: {a.arg}"
                    for a in args
                    if a.arg in ("context", "deps")
                    or (a.arg != "ctx" and _is_context(a.annotation))
                ]
    assert wrong == []


@pytest.mark.parametrize("service", CONTEXTS)
def test_a_test_hands_in_its_clock_the_same_way_everywhere(service, tmp_path):
    def clock():
        return "the test's time"

    spec = importlib.import_module(f"services.{service}.service").SPEC
    config = {"database_url": f"sqlite:///{tmp_path / 'db'}", "now": clock}
    infra, ctx = spec.build(spec.settings.from_mapping(service, config), config)
    try:
        assert ctx.now is clock
    finally:
        infra.engine.dispose()


@pytest.mark.parametrize("service", CONTEXTS)
def test_every_service_keeps_its_parts_in_the_same_files(service):
    root = SERVICES / service
    for part in (
        "adapters/orm.py",
        "adapters/uow.py",
        "adapters/repository.py",
        "adapters/redis_keys.py",
        "service_layer/context.py",
        "entrypoints/errors.py",
        "entrypoints/consumer.py",
        "entrypoints/http/common.py",
        "migrations/env.py",
        "README.md",
    ):
        assert (root / part).is_file(), f"{service} has no {part}"
    assert list(root.glob("adapters/*_repo.py")), f"{service} has no repository"
    assert list(root.glob("adapters/*_queries.py")), f"{service} has no read-only queries"


@pytest.mark.parametrize("service", CONTEXTS)
def test_no_use_case_writes_sql(service):
    for path in (SERVICES / service / "service_layer").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "sqlalchemy import" not in text.replace("sqlalchemy.orm import", ""), path.name


@pytest.mark.parametrize("service", CONTEXTS)
def test_every_service_shows_its_aggregates_in_service_layer_views(service):
    # How an aggregate is shown (the API's answer, an event's data) has one place in every
    # service: service_layer/views.py (docs/CONVENTIONS.md).
    views = SERVICES / service / "service_layer" / "views.py"
    assert views.is_file(), f"{service} has no service_layer/views.py"
