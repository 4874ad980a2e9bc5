"""One view decorator: the role check runs before the input is read, refusals are documented."""

from __future__ import annotations

import pytest
from flask import Flask, g, request
from flask.views import MethodView
from flask_smorest import Api
from marshmallow import Schema, fields

from shared.errors import DomainError, Forbidden, NotFound
from shared.principal import Principal
from shared.web.auth import ANYONE
from shared.web.views import blueprints_for


class NoteIn(Schema):
    text = fields.String(required=True)


class NoteOut(Schema):
    text = fields.String()


class NoteMissing(NotFound):
    pass


blueprint = blueprints_for({NoteMissing: (404, "note_not_found")})
blp = blueprint("notes", __name__, "/notes", "Notes")


@blp.route("")
class Notes(MethodView):
    @blp.view("ops", body=NoteIn, answer=NoteOut, status=201, raises=[NoteMissing])
    def post(self, body):
        """Add a note."""
        return body

    @blp.view(*ANYONE, answer=NoteOut, idempotent=True)
    def put(self):
        """Replace the note (anyone)."""
        return {"text": "same"}


def _app() -> tuple[Flask, Api]:
    app = Flask(__name__)
    app.config.update(API_TITLE="t", API_VERSION="v1", OPENAPI_VERSION="3.0.3")
    api = Api(app)
    api.register_blueprint(blp)

    @app.before_request
    def _principal() -> None:
        g.principal = Principal(role=request.headers.get("X-Role", "anonymous"))

    @app.errorhandler(DomainError)
    def _refused(error: DomainError):
        return type(error).__name__, 403 if isinstance(error, Forbidden) else 400

    return app, api


def test_a_caller_without_the_role_is_refused_before_its_input_is_read():
    app, _ = _app()
    answer = app.test_client().post("/notes", json={"wrong": 1}, headers={"X-Role": "member"})
    assert answer.status_code == 403


def test_a_caller_with_the_role_gets_its_input_parsed_and_the_answer_status():
    app, _ = _app()
    client = app.test_client()
    assert client.post("/notes", json={"wrong": 1}, headers={"X-Role": "ops"}).status_code == 422
    answer = client.post("/notes", json={"text": "hi"}, headers={"X-Role": "ops"})
    assert (answer.status_code, answer.get_json()) == (201, {"text": "hi"})


def test_a_view_that_names_no_role_is_refused_rather_than_left_public():
    with pytest.raises(TypeError):
        blp.view(answer=NoteOut)


def test_a_view_documents_its_own_refusals_and_a_replayable_one_the_replay_refusals():
    _, api = _app()
    operations = api.spec.to_dict()["paths"]["/notes"]
    assert operations["post"]["responses"]["404"]["x-codes"] == ["note_not_found"]
    put = operations["put"]["responses"]
    assert put["409"]["x-codes"] == ["idempotency_in_flight"]
    assert put["422"]["x-codes"] == ["idempotency_key_reused"]
    assert any(p["name"] == "Idempotency-Key" for p in operations["put"]["parameters"])
