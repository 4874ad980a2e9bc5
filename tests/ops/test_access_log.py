"""The web processes' access log keeps every error and slow answer, and samples the rest."""

from __future__ import annotations

import contextlib
import logging

from services.mallctl.sampled_access_log import kept, sampled_access_log


def test_errors_and_slow_answers_are_always_kept():
    never = lambda: 1.0  # noqa: E731 - a draw that never falls in the sample
    assert kept(500, 0.01, sample=0.0, draw=never)
    assert kept(503, 0.01, sample=0.0, draw=never)
    assert kept(201, 5.0, sample=0.0, draw=never)


def test_the_rest_is_sampled():
    assert not kept(201, 0.01, sample=0.01, draw=lambda: 0.5)
    assert kept(201, 0.01, sample=0.01, draw=lambda: 0.001)
    assert not kept(409, 0.01, sample=0.0, draw=lambda: 0.0)
    assert kept(200, 0.01, sample=1.0, draw=lambda: 0.99)


def _app(status: str):
    def app(environ, start_response):
        if status == "raise":
            raise RuntimeError("boom")
        start_response(status, [("Content-Type", "text/plain")])
        return [b"ok"]

    return app


def _call(app) -> None:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/x", "REMOTE_ADDR": "10.0.0.1"}
    with contextlib.suppress(RuntimeError):
        app(environ, lambda status, headers, exc_info=None: None)


def test_the_web_servers_wrapper_writes_the_lines_kept(caplog):
    logger = logging.getLogger("test.access")
    with caplog.at_level(logging.INFO, logger="test.access"):
        for status in ("200 OK", "404 NOT FOUND", "503 SERVICE UNAVAILABLE", "raise"):
            _call(sampled_access_log(_app(status), logger, sample=0.0))
    assert [(r.getMessage(), r.status) for r in caplog.records] == [
        ("GET /x 503", 503),
        ("GET /x 500", 500),  # an exception is an error answer
    ]
    assert caplog.records[0].remote_addr == "10.0.0.1" and caplog.records[0].duration_ms >= 0
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="test.access"):
        _call(sampled_access_log(_app("200 OK"), logger, sample=1.0))
    assert [r.status for r in caplog.records] == [200]
