"""Ops views the gateway composes from several services: KPIs, dead letters, outbox backlogs."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, current_app, g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from services.gateway.callers import resolve_principal
from services.gateway.entrypoints import local_dead_letters
from services.gateway.errors import BadGateway
from services.gateway.upstream import UpstreamError, Upstreams
from shared.errors import DomainError, Forbidden, Unauthenticated
from shared.pagination import PageQuery
from shared.principal import Principal
from shared.reference.members import PARTNER_TARGETS

blp = Blueprint("gateway_ops", __name__, url_prefix="/api/v1/ops", description="Ops overviews")
SERVICES = ("merchant", "catalog", "voucher", "gateway")


class DeadLetterQuery(PageQuery):
    service = fields.String(required=True, validate=validate.OneOf(SERVICES))


class OutboxItem(Schema):
    service = fields.String()
    backlog = fields.Integer(allow_none=True)
    oldest_created_at = fields.String(allow_none=True)
    error = fields.String(allow_none=True)


class OutboxList(Schema):
    items = fields.List(fields.Nested(OutboxItem))


def require_ops() -> Principal:
    principal = resolve_principal()
    if principal.role == "anonymous":
        raise Unauthenticated("Sign in to do this.")
    if principal.role != "ops":
        raise Forbidden(f"A {principal.role} may not use this path.")
    return principal


def _upstreams() -> Upstreams:
    return current_app.extensions["gateway_upstreams"]


def _relay(resp) -> Response:
    return Response(resp.content, resp.status_code, content_type=resp.headers.get("Content-Type"))


@blp.route("/kpis")
class Kpis(MethodView):
    @blp.response(200, description="Partners vs targets, member services, subsidy, review times")
    def get(self):
        """Show the union's KPIs, composed from the merchant and voucher services."""
        principal = require_ops()
        rid = g.get("request_id")
        try:
            merchants = _upstreams().get_json(
                "merchant", "/api/v1/ops/kpis/merchants", principal, request_id=rid
            )
            vouchers = _upstreams().get_json(
                "voucher", "/api/v1/ops/kpis/vouchers", principal, request_id=rid
            )
        except UpstreamError as err:
            return _relay(err.response)
        if not isinstance(merchants, dict) or not isinstance(vouchers, dict):
            raise BadGateway("A service sent KPIs that are not a JSON object.")
        return {
            **merchants,
            **vouchers,
            "partner_targets": PARTNER_TARGETS,
            "generated_at": datetime.now(UTC).isoformat(),
        }


@blp.route("/dead-letters")
class DeadLetters(MethodView):
    @blp.arguments(DeadLetterQuery, location="query")
    @blp.response(200, description="Dead letters of one service, newest first")
    def get(self, args: dict):
        """List the events one service (`service`) could not handle."""
        principal = require_ops()
        service = args["service"]
        if service == "gateway":
            return local_dead_letters.page(args["page"])
        params = {"limit": args["page"].limit, "cursor": args["page"].cursor}
        resp = _upstreams().request(
            service,
            "GET",
            "/api/v1/ops/dead-letters",
            principal,
            params={k: v for k, v in params.items() if v is not None},
            request_id=g.get("request_id"),
        )
        if resp.status_code != 200:
            return _relay(resp)
        body = resp.json()
        for item in body.get("items", []):
            item["service"] = service
        return body


@blp.route(
    "/dead-letters/<any(merchant,catalog,voucher,gateway):service>/<int:dead_letter_id>/replay"
)
class Replay(MethodView):
    @blp.response(200, description="The outcome of applying the event again")
    def post(self, service: str, dead_letter_id: int):
        """Apply a dead-lettered event of one service again, once its cause is fixed."""
        principal = require_ops()
        if service == "gateway":
            return local_dead_letters.replay(dead_letter_id)
        resp = _upstreams().request(
            service,
            "POST",
            f"/api/v1/ops/dead-letters/{dead_letter_id}/replay",
            principal,
            request_id=g.get("request_id"),
        )
        return _relay(resp)


@blp.route("/outbox")
class Outbox(MethodView):
    @blp.response(200, OutboxList)
    def get(self):
        """Show each service's outbox backlog (a service that does not answer says so)."""
        principal = require_ops()
        items = []
        for service in ("merchant", "catalog", "voucher"):
            try:
                body = _upstreams().get_json(
                    service, "/api/v1/ops/outbox", principal, request_id=g.get("request_id")
                )
                items.append({**body, "service": service})
            except (DomainError, UpstreamError, ValueError) as err:
                items.append({"service": service, "error": str(err)})
        return {"items": items}
