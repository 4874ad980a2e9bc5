"""The yardstick: a bare Flask app returning a small JSON body."""

from __future__ import annotations

from flask import Flask, jsonify


def create_app() -> Flask:
    app = Flask("bare")

    @app.get("/api/v1/products")
    def products():
        return jsonify(items=[{"id": "p1", "name": "椰子", "member_price": 990}], next_cursor=None)

    @app.post("/api/v1/claims")
    def claim():
        return jsonify(id="v1", status="issued"), 201

    return app
