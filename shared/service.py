"""One way to build a service: its web app and its worker, from one description of it.

A service's `app.py` and `worker.py` are two lines each; what differs between services is
said once, in its `service.py` (`SPEC = ServiceSpec.of(__package__, title=..., ...)`); the
parts every service keeps in the same place (settings, `build`, consumer, error table,
migrations) are found there by `ServiceSpec.of`. The composition root is the service's
`bootstrap.build(settings, overrides) -> (infra, context)`; views reach the context through
`app.extensions["mall_context"]` (each service's `entrypoints/http/common.context()`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from flask import Flask
from flask_smorest import Blueprint

from shared.bootstrap import Infra
from shared.config import Settings
from shared.logs import configure_logging
from shared.migrations import upgrade
from shared.web.app import create_base_app, register_ops_blueprints
from shared.worker import Loop, run_loops

CONTEXT_KEY = "mall_context"


@dataclass(frozen=True)
class ServiceSpec:
    """What makes one service different from the next; everything else is shared."""

    name: str  # "voucher": settings prefix, log label, metrics label
    settings: type[Settings]
    build: Callable[[Any, dict], tuple[Infra, Any]]  # bootstrap.build(settings, overrides)
    consumer: ModuleType  # entrypoints/consumer.py: CONSUMER, TOPICS, handlers(context)
    publishes: Sequence[str]  # the topics its outbox writes to
    migrations: Path
    # The web app's part (the gateway builds its own app and names only its worker here).
    title: str = ""  # the OpenAPI title
    error_table: dict[type[Exception], tuple[int, str]] = field(default_factory=dict)
    blueprints: Sequence[Blueprint] = ()
    # Extra worker loops (the voucher's expiry job), and extra set-up of the app.
    worker_loops: Callable[[Any, Any], dict[str, Loop]] = field(default=lambda _s, _c: {})
    setup_app: Callable[[Flask, Any, Any], None] = field(default=lambda _a, _s, _c: None)

    @classmethod
    def of(cls, package: str, **differs: Any) -> ServiceSpec:
        """The spec of the service in `package` (`services.voucher`): its parts are found where
        the layout of docs/CONVENTIONS.md keeps them, unless `differs` names them."""
        name = package.rpartition(".")[2]
        parts = {"name": name, **differs}
        for part, find in _layout(package, name, web=bool(differs.get("blueprints"))).items():
            if part not in parts:
                parts[part] = find()
        return cls(**parts)


def _layout(package: str, name: str, web: bool) -> dict[str, Callable[[], Any]]:
    """Where every service keeps the parts its spec names (found only when not given)."""

    def attribute(module: str, attr: str) -> Callable[[], Any]:
        return lambda: getattr(import_module(f"{package}.{module}"), attr)

    layout = {
        "settings": attribute("config", f"{name.capitalize()}Settings"),
        "build": attribute("bootstrap", "build"),
        "consumer": lambda: import_module(f"{package}.entrypoints.consumer"),
        "migrations": lambda: Path(import_module(package).__file__).resolve().parent / "migrations",
    }
    if web:  # a service with its own views has its own error table
        layout["error_table"] = attribute("entrypoints.errors", "ERROR_TABLE")
    return layout


def create_service_app(spec: ServiceSpec, test_config: dict | None = None) -> Flask:
    """Build the web app; `test_config` overrides settings (and logging is left to pytest)."""
    overrides = dict(test_config or {})
    settings = spec.settings.from_mapping(spec.name, overrides)
    if not overrides:
        configure_logging(spec.name)
    infra, context = spec.build(settings, overrides)
    app, api = create_base_app(
        settings,
        title=spec.title,
        error_table=spec.error_table,
        checks=infra.checks(),
        redis=infra.redis,
    )
    consumer = spec.consumer
    app.extensions["mall_infra"] = infra
    app.extensions[CONTEXT_KEY] = context
    app.extensions["mall_appliers"] = {
        consumer.CONSUMER: infra.applier(consumer.CONSUMER, consumer.handlers(context))
    }
    for blueprint in spec.blueprints:
        api.register_blueprint(blueprint)
    register_ops_blueprints(api)
    spec.setup_app(app, settings, context)
    return app


def worker_main(spec: ServiceSpec, test_config: dict | None = None) -> None:
    """Migrate (MIGRATE_ON_START), then relay the outbox and consume until SIGTERM."""
    settings = spec.settings.from_mapping(spec.name, test_config)
    configure_logging(f"{spec.name}-worker")
    if settings.migrate_on_start:
        upgrade(settings.database_url, spec.migrations)  # a no-op once deploy has migrated
    infra, context = spec.build(settings, dict(test_config or {}))
    consumer = spec.consumer
    infra.ensure_topics([*spec.publishes, *consumer.TOPICS])
    runner = infra.consumer(consumer.CONSUMER, consumer.TOPICS, consumer.handlers(context))
    loops: dict[str, Loop] = {"consumer": runner.run}
    if spec.publishes:
        relay = infra.relay()
        loops["relay"] = lambda stop: relay.run(stop, settings.relay_interval)
    loops.update(spec.worker_loops(settings, context))
    run_loops(spec.name, loops, settings.worker_metrics_port or None)
