"""Refuse JSON bodies nested too deep to parse, before anything (webargs, a proxy) reads them.

`json.loads` raises RecursionError, not a decoding error, on a body nested a few thousand
levels deep, so it would leave as a 500. Counting brackets (a C-speed scan) bounds the depth:
only a body with many of them is parsed here once more to find out.
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


def install_json_guard(app: Flask) -> None:
    @app.before_request
    def _refuse_deep_json() -> Response | None:
        if not request.is_json:
            return None
        if too_deep(request.get_data(cache=True)):
            return problem(
                400, "invalid_json", "Bad Request", "The JSON body is nested too deeply."
            )
        return None
