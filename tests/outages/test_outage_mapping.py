"""Which unhandled errors the shared handlers answer as an outage (503) and which as a bug (500)."""

from __future__ import annotations

import psycopg
import pytest
from flask import Flask
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy.exc import OperationalError

from shared.web.problems import install_error_handlers


class Wrapped(Exception):
    """A library's own error raised `from` an outage."""


def _app(error: Exception, *, after: bool = False) -> Flask:
    app = Flask("t")
    install_error_handlers(app, {})

    @app.get("/")
    def view():
        if after:
            return "ok"
        raise error

    if after:

        @app.after_request
        def hook(_response):
            raise error

    return app


def _wrapped() -> Wrapped:
    try:
        raise RedisConnectionError("gone")
    except RedisConnectionError as err:
        try:
            raise Wrapped("lookup failed") from err
        except Wrapped as outer:
            return outer


OUTAGES = {
    "redis": RedisConnectionError("Error 111 connecting"),
    "postgres": OperationalError("SELECT 1", {}, psycopg.OperationalError("server closed")),
    "raised from an outage": _wrapped(),
}


@pytest.mark.parametrize("after", [False, True], ids=["view", "after_request"])
@pytest.mark.parametrize("name", list(OUTAGES))
def test_an_outage_is_a_503_with_retry_after(name, after):
    resp = _app(OUTAGES[name], after=after).test_client().get("/")
    assert resp.status_code == 503
    assert resp.get_json()["code"] == "service_unavailable"
    assert int(resp.headers["Retry-After"]) > 0
    assert "server closed" not in resp.get_data(as_text=True)  # no driver message leaks


def test_a_bug_is_still_a_500():
    resp = _app(RuntimeError("bug")).test_client().get("/")
    assert resp.status_code == 500 and resp.get_json()["code"] == "internal_error"
    assert "Retry-After" not in resp.headers
