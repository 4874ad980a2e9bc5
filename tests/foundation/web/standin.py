"""A stand-in service built on shared.web, as every service is: orders and sign-ups."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from shared.bootstrap import build_infra
from shared.config import Settings
from shared.errors import Conflict, Forbidden
from shared.web.app import create_base_app, register_ops_blueprints
from shared.web.auth import require_role
from shared.web.idempotency import idempotent
from tests.foundation.conftest import messaging, metadata


class SoldOut(Conflict):
    """Nothing left."""


class OrderIn(Schema):
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    note = fields.String(validate=validate.Length(max=10))


class SignupOut(Schema):
    id = fields.String()
    secret = fields.String()


class NotYet(Forbidden):
    """The partner is not known here yet."""

    retryable = True


known_partners: set[int] = set()


calls: list[int] = []


def make_app(service_config, extra=None):
    settings = Settings.from_mapping("web", {**service_config, **(extra or {})})

    infra = build_infra(settings, messaging)
    metadata.create_all(infra.engine)
    app, api = create_base_app(
        settings,
        title="Test",
        error_table={SoldOut: (409, "sold_out"), NotYet: (403, "not_yet")},
        checks=infra.checks(),
        redis=infra.redis,
    )
    app.extensions["mall_infra"] = infra
    blp = Blueprint("orders", __name__, url_prefix="/api/v1/orders")

    @blp.route("")
    class Orders(MethodView):
        @idempotent
        @require_role("member")
        @blp.arguments(OrderIn)
        @blp.response(201, OrderIn)
        def post(self, order):
            """Place an order."""
            calls.append(order["quantity"])
            if order["quantity"] == 99:
                raise SoldOut("All gone.")
            if order["quantity"] == 500:
                raise RuntimeError("secret internals")
            if order["quantity"] == 77 and 77 not in known_partners:
                raise NotYet("Not known yet.")
            return order

    signups = Blueprint("signups", __name__, url_prefix="/api/v1/signups")

    @signups.route("")
    class Signups(MethodView):
        @idempotent(one_time=("secret",))
        @require_role("anonymous", "member")
        @signups.arguments(OrderIn)
        @signups.response(201, SignupOut)
        def post(self, order):
            """Sign up; the answer holds a one-time secret."""
            return {"id": uuid.uuid4().hex, "secret": uuid.uuid4().hex}

    api.register_blueprint(blp)
    api.register_blueprint(signups)
    register_ops_blueprints(api)
    return app
