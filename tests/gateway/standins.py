"""Small real HTTP services standing in for merchant, catalog and voucher behind the gateway."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from flask import Flask, Response, jsonify, request
from werkzeug.serving import make_server

from shared.config import DEV_INTERNAL_SECRET
from shared.principal import Binding, InvalidPrincipal, audience_for, verify_internal_token

Reply = tuple[int, object] | Callable[[], tuple[int, object]]


class StandIn:
    """Record every request (with the principal the gateway signed) and answer as told."""

    def __init__(self, name: str, secret: str = DEV_INTERNAL_SECRET) -> None:
        self.name = name
        self.secret = secret
        self.received: list[dict] = []
        self.replies: dict[tuple[str, str], Reply] = {}
        self.api_keys: dict[str, tuple[int, dict]] = {}
        self.delay = 0.0
        self.health_checks = 0
        self.spec: dict = {"openapi": "3.0.3", "info": {"title": name, "version": "1"}, "paths": {}}
        self.app = self._build()
        self._server = None
        self.url = ""

    def _principal(self) -> dict | None:
        token = request.headers.get("X-Internal-Token")
        try:
            binding = Binding(audience_for(self.name), request.method, request.path)
            p = verify_internal_token(token or "", self.secret, binding)
        except InvalidPrincipal:
            return None
        return {"role": p.role, "sub": p.sub, "segments": list(p.segments), "region": p.region}

    def _build(self) -> Flask:
        app = Flask(self.name)

        @app.get("/healthz")
        def healthz():
            self.health_checks += 1
            return jsonify(status="ok")

        @app.get("/openapi.json")
        def openapi():
            self.received.append({"method": "GET", "path": "/openapi.json", "principal": None})
            return jsonify(self.spec)

        @app.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
        def anything(rest):
            principal = self._principal()
            seen = {
                "method": request.method,
                "path": request.path,
                "query": request.query_string.decode(),
                "headers": dict(request.headers),
                "principal": principal,
                "body": request.get_data(as_text=True),
            }
            self.received.append(seen)
            if self.delay:
                time.sleep(self.delay)
            if principal is None:
                return jsonify(code="unauthenticated"), 401
            if request.path == "/internal/v1/api-keys/verify":
                status, body = self.api_keys.get(
                    (request.get_json() or {}).get("api_key"), (401, {"code": "invalid_api_key"})
                )
                return jsonify(body), status
            reply = self.replies.get((request.method, request.path))
            if reply is None:
                return jsonify(service=self.name, **seen), 200
            status, body, *headers = reply() if callable(reply) else reply
            if isinstance(body, bytes):  # sent as it is, without a Content-Type
                raw = Response(body, status, headers[0] if headers else {})
                del raw.headers["Content-Type"]
                return raw
            return jsonify(body), status, (headers[0] if headers else {})

        return app

    def paths(self) -> list[str]:
        return [r["path"] for r in self.received]

    def start(self) -> StandIn:
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
