"""Ops endpoints to list and replay the events this service could not handle."""

from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from marshmallow import Schema, fields
from sqlalchemy import select

from shared.errors import Invalid, NotFound
from shared.events.envelope import InvalidEvent
from shared.messaging.applier import EventApplier, replay_dead_letter
from shared.pagination import Page, PageQuery, cursor_int, page_of
from shared.web.views import ServiceBlueprint

blp = ServiceBlueprint(
    "dead_letters", __name__, "/api/v1/ops/dead-letters", "Events that could not be handled", {}
)


class DeadLetterSchema(Schema):
    id = fields.Integer()
    consumer = fields.String()
    topic = fields.String()
    partition = fields.Integer()
    offset = fields.Integer()
    key = fields.String(allow_none=True)
    payload = fields.String()
    error = fields.String()
    created_at = fields.AwareDateTime()
    replayed_at = fields.AwareDateTime(allow_none=True)


DeadLetterPage = page_of(DeadLetterSchema, "DeadLetterPage")


class ReplayResult(Schema):
    id = fields.Integer()
    outcome = fields.String()


def dead_letter_page(infra, page: Page) -> dict:
    """One page of this service's dead letters, newest first (rows as mappings)."""
    table = infra.tables.dead_letters
    query = select(table).order_by(table.c.id.desc()).limit(page.fetch)
    position = page.position()
    if position:
        query = query.where(table.c.id < cursor_int(position.get("id")))
    with infra.session_factory() as session:
        rows = [dict(r._mapping) for r in session.execute(query)]
    return page.answer(rows, lambda r: {"id": r["id"]})


def replay(applier: EventApplier, dead_letter_id: int) -> dict:
    """Apply a parked event again; a problem (404 or 422) when it is gone or still fails."""
    try:
        outcome = replay_dead_letter(applier, dead_letter_id)
    except LookupError as err:
        raise NotFound(f"No dead letter {dead_letter_id}.") from err
    except InvalidEvent as err:
        raise Invalid(f"This message is not a valid event and cannot be replayed: {err}") from err
    except Exception as err:  # the handler still fails: say so, keep it parked
        raise Invalid(f"Replay failed again: {err}") from err
    return {"id": dead_letter_id, "outcome": outcome}


@blp.route("")
class DeadLetters(MethodView):
    @blp.view("ops", query=PageQuery, answer=DeadLetterPage)
    def get(self, args):
        """List dead letters, newest first."""
        return dead_letter_page(current_app.extensions["mall_infra"], args["page"])


@blp.route("/<int(max=4611686018427387904):dead_letter_id>/replay")
class Replay(MethodView):
    @blp.view("ops", answer=ReplayResult)
    def post(self, dead_letter_id):
        """Apply a dead-lettered event again, once its cause is fixed."""
        infra = current_app.extensions["mall_infra"]
        table = infra.tables.dead_letters
        with infra.session_factory() as session:
            consumer = session.execute(
                select(table.c.consumer).where(table.c.id == dead_letter_id)
            ).scalar_one_or_none()
        appliers = current_app.extensions.get("mall_appliers", {})
        if consumer is None or consumer not in appliers:
            raise NotFound(f"No dead letter {dead_letter_id}.")
        return replay(appliers[consumer], dead_letter_id)
