"""One OpenAPI document for the whole API: the services' documents merged with the gateway's."""

from __future__ import annotations

import copy
import logging
import re
import threading
import time

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from services.gateway.docs_page import install_docs
from services.gateway.openapi_contract import add_compositions, add_links, document_errors
from services.gateway.routes import find_route, security_for
from services.gateway.upstream import Upstreams
from shared.principal import GATEWAY

logger = logging.getLogger(__name__)
GATEWAY_OWNED = re.compile(r"/api/v1/(ops/dead-letters.*|ops/outbox|ops/kpis|home)")
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
SECURITY_SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
    "apiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
}


def _rewrite_refs(node: object, renames: dict[str, str]) -> object:
    if isinstance(node, dict):
        return {
            k: renames.get(v, v)
            if k == "$ref" and isinstance(v, str)
            else _rewrite_refs(v, renames)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(v, renames) for v in node]
    return node


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def merge(own: dict, services: dict[str, dict]) -> dict:
    """Merge the services' paths and components into the gateway's own document."""
    doc = copy.deepcopy(own)
    components = doc.setdefault("components", {})
    shapes = {_shape(p): p for p in doc.get("paths", {})}
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            if method in METHODS and isinstance(op, dict):
                op["security"] = [{"bearerAuth": []}] if path.startswith("/api/v1/ops/") else []
    for service, spec in services.items():
        renames: dict[str, str] = {}
        for section, items in (spec.get("components") or {}).items():
            target = components.setdefault(section, {})
            for name, value in items.items():
                new = name if target.get(name, value) == value else f"{service.title()}{name}"
                if new != name:
                    renames[f"#/components/{section}/{name}"] = f"#/components/{section}/{new}"
        spec = _rewrite_refs(spec, renames)
        for section, items in (spec.get("components") or {}).items():
            for name, value in items.items():
                new = renames.get(f"#/components/{section}/{name}", name).rsplit("/", 1)[-1]
                components[section][new] = value
        for path, item in (spec.get("paths") or {}).items():
            concrete = re.sub(r"\{[^}]+\}", "x", path)
            if GATEWAY_OWNED.fullmatch(path) or not any(
                find_route(m.upper(), concrete) for m in METHODS if m in item
            ):
                continue  # internal, or served by the gateway itself
            paths = doc.setdefault("paths", {})
            earlier = shapes.get(_shape(path), path)
            if earlier != path:  # the gateway's own template, with other parameter names
                paths[path] = paths.pop(earlier)
            shapes[_shape(path)] = path
            merged = paths.setdefault(path, {})
            for method, op in item.items():
                route = find_route(method.upper(), concrete) if method in METHODS else None
                if route is not None:
                    op = {**op, "security": security_for(route.roles)}
                    op.setdefault("tags", [service])
                if method in merged and isinstance(op, dict):  # the gateway adds to this view
                    note = merged[method].get("summary", "")
                    op = {**op, "description": f"{op.get('description', '')}\n\n{note}".strip()}
                merged[method] = op
        for tag in spec.get("tags", []):
            if tag not in doc.setdefault("tags", []):
                doc["tags"].append(tag)
    components.setdefault("securitySchemes", {}).update(SECURITY_SCHEMES)
    return doc


class OpenApiDocument:
    """Fetch each service's document lazily, keep it for a while, merge on demand."""

    def __init__(self, upstreams: Upstreams, ttl: float) -> None:
        self.upstreams = upstreams
        self.ttl = ttl
        self._specs: dict[str, dict] = {}
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    def specs(self, refresh: bool = False) -> dict[str, dict]:
        with self._lock:
            stale = time.monotonic() - self._fetched_at > self.ttl
            if refresh or stale or len(self._specs) < len(self.upstreams.urls):
                self._fetch()
            return dict(self._specs)

    def _fetch(self) -> None:
        for service in self.upstreams.urls:
            try:
                spec = self.upstreams.get_json(
                    service, "/openapi.json", GATEWAY, timeout=(0.5, 3.0)
                )
                self._specs[service] = spec
            except Exception as err:  # noqa: BLE001 - keep the last good copy, if any
                logger.warning("openapi of %s unavailable: %s", service, err)
        self._fetched_at = time.monotonic()


bp = Blueprint("gateway_openapi", __name__)


@bp.get("/openapi.json")
def openapi_json() -> Response:
    api = current_app.extensions["gateway_api"]
    source: OpenApiDocument = current_app.extensions["gateway_openapi"]
    specs = source.specs(refresh=request.args.get("refresh") == "1")
    doc = merge(api.spec.to_dict(), specs)
    document_errors(doc)
    add_links(doc)
    add_compositions(doc)
    missing = sorted(set(source.upstreams.urls) - set(specs))
    if missing:
        doc["x-unavailable-services"] = missing
    return jsonify(doc)


def install_openapi(app: Flask, upstreams: Upstreams, ttl: float) -> None:
    app.extensions["gateway_openapi"] = OpenApiDocument(upstreams, ttl)
    app.register_blueprint(bp)
    install_docs(app)
