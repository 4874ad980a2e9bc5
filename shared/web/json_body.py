"""Refuse JSON bodies nested too deep to parse, before anything (webargs, a proxy) reads them.

`json.loads` raises RecursionError, not a decoding error, on a body nested a few thousand
levels deep, so it would leave as a 500. Counting brackets (a C-speed scan) bounds the depth:
only a body with many of them is parsed here once more to find out.

A NUL character (`\u0000` in a JSON string, `%00` in a query) is refused as well: PostgreSQL
text cannot hold one, so it would leave as a 500 there (and be stored on SQLite), and no field
of the mall has a use for it.
"""

from __future__ import annotations

import json

from flask import Flask, Response, request

from shared.web.problems import problem

# Below this many brackets no body can be deep enough to exhaust the parser's recursion.
BRACKETS_WORTH_A_LOOK = 200


def too_deep(body: bytes) -> bool:
    """Whether parsing `body` as JSON would exhaust the recursion limit."""
    if body.count(b"[") + body.count(b"{") < BRACKETS_WORTH_A_LOOK:
        return False
    try:
        json.loads(body)
    except RecursionError:
        return True
    except ValueError:
        return False  # malformed: the view's parser answers invalid_json itself
    return False


def holds_nul(body: bytes) -> bool:
    """Whether a JSON body has a NUL character in a string (a raw one is not JSON at all)."""
    if b"\\u0000" not in body:  # the only way JSON text spells NUL
        return False
    try:
        return _nul_in(json.loads(body))
    except (ValueError, RecursionError):
        return False  # the parser answers for malformed bodies


def _nul_in(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_nul_in(k) or _nul_in(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_nul_in(v) for v in value)
    return False


def _nul_refused(where: str) -> Response:
    return problem(
        422,
        "validation_failed",
        "Unprocessable Entity",
        "Text may not contain NUL characters.",
        {where: ["Contains a NUL character."]},
    )


def install_json_guard(app: Flask) -> None:
    @app.before_request
    def _refuse_deep_json() -> Response | None:
        if any("\x00" in k or "\x00" in v for k, v in request.args.items(multi=True)):
            return _nul_refused("query")
        if not request.is_json:
            return None
        body = request.get_data(cache=True)
        if too_deep(body):
            return problem(
                400, "invalid_json", "Bad Request", "The JSON body is nested too deeply."
            )
        if holds_nul(body):
            return _nul_refused("json")
        return None
