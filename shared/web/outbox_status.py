"""Ops endpoint showing this service's outbox backlog."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from marshmallow import Schema, fields
from sqlalchemy import func, select

from shared.web.views import ServiceBlueprint

blp = ServiceBlueprint(
    "outbox", __name__, "/api/v1/ops/outbox", "Events waiting to be published", {}
)


class OutboxStatus(Schema):
    service = fields.String()
    backlog = fields.Integer()
    oldest_created_at = fields.AwareDateTime(allow_none=True)


@blp.route("")
class Outbox(MethodView):
    @blp.view("ops", answer=OutboxStatus)
    def get(self):
        """Show how many events wait in the outbox, and since when."""
        infra = current_app.extensions["mall_infra"]
        outbox = infra.tables.outbox
        with infra.session_factory() as session:
            backlog, oldest = session.execute(
                select(func.count(), func.min(outbox.c.created_at)).where(
                    outbox.c.published_at.is_(None)
                )
            ).one()
        return {"service": infra.settings.service, "backlog": backlog, "oldest_created_at": oldest}
