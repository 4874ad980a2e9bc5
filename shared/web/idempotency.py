"""`Idempotency-Key` support for write endpoints.

Only answers that a retry could not change are sealed: a server error, a 408/425/429, or a
refusal whose error is `retryable` (a merchant not known yet, a key still in flight) is
forgotten, so the caller's next try with the same key is handled afresh.

An anonymous caller is known only by an address many people may share, so a replay to one never
carries a one-time secret (`one_time=(field, ...)`): the answer is sealed without those fields.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import re
from collections.abc import Callable
from functools import wraps

from flask import Response, current_app, g, make_response, request
from redis import RedisError

from shared.errors import DomainError, Invalid
from shared.idempotency import IdempotencyStore, StoredResult
from shared.web.problems import domain_problem

logger = logging.getLogger(__name__)
HEADER = "Idempotency-Key"
KEY_PATTERN = "^[!-~]{1,200}$"  # 1 to 200 visible ASCII characters: what a header keeps intact
KEY_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": KEY_PATTERN},
    "description": "Retrying with the same key (and body) replays the first answer.",
}
RETRYABLE_STATUSES = frozenset({408, 425, 429})


def idempotency_key() -> str | None:
    """The request's Idempotency-Key, if any; 422 if it is not of the documented shape."""
    key = request.headers.get(HEADER)
    if key is not None and re.fullmatch(KEY_PATTERN, key) is None:
        raise Invalid(
            "Idempotency-Key must be 1 to 200 visible ASCII characters.",
            errors={"headers": {HEADER: ["Not a valid key."]}},
        )
    return key


def documented(view: Callable) -> Callable:
    """Add the Idempotency-Key header to the view's OpenAPI operation (flask-smorest's doc)."""
    apidoc = copy.deepcopy(getattr(view, "_apidoc", {}))
    manual = apidoc.setdefault("manual_doc", {})
    manual["parameters"] = [*manual.get("parameters", []), KEY_PARAMETER]
    view._apidoc = apidoc
    return view


def idempotent(view: Callable | None = None, *, one_time: tuple[str, ...] = ()) -> Callable:
    """Decorate a write view (outermost) so a repeated key replays the first response.

    Use bare (`@idempotent`) or with the answer's one-time secret fields
    (`@idempotent(one_time=("secret",))`); views get it from `blp.view(..., idempotent=True)`.
    """
    if view is None:
        return lambda v: _wrap(v, one_time)
    return _wrap(view, one_time)


def _wrap(view: Callable, one_time: tuple[str, ...]) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        key = idempotency_key()
        if key is None:
            return view(*args, **kwargs)
        store: IdempotencyStore = current_app.extensions["mall_idempotency"]
        principal = getattr(g, "principal", None)
        anonymous = principal is None or principal.role == "anonymous" or not principal.sub
        # Anonymous callers are told apart by the client address the gateway forwards.
        caller = (
            f"anon:{request.headers.get('X-Forwarded-For', '')}"
            if anonymous
            else f"{principal.role}:{principal.sub}"
        )
        scope = f"{request.method}:{request.path}:{caller}"
        fingerprint = hashlib.sha256(request.get_data()).hexdigest()
        try:
            prior = store.begin(scope, key, fingerprint)
        except RedisError:
            logger.warning("idempotency store unavailable; handling without it")
            return view(*args, **kwargs)
        if prior is not None:
            resp = Response(prior.body, status=prior.status, mimetype=prior.mimetype)
            resp.headers["Idempotent-Replayed"] = "true"
            return resp
        retryable = False
        try:
            resp = make_response(view(*args, **kwargs))
        except DomainError as err:
            retryable = err.retryable
            resp = domain_problem(err, current_app.extensions["mall_error_table"])
        except BaseException:
            store.abandon(scope, key)
            raise
        if retryable or resp.status_code >= 500 or resp.status_code in RETRYABLE_STATUSES:
            store.abandon(scope, key)
        else:
            body = resp.get_data(as_text=True)
            if anonymous and one_time:
                body = _without(body, one_time)
            store.finish(
                scope, key, fingerprint, StoredResult(resp.status_code, body, resp.mimetype)
            )
        return resp

    return documented(wrapper)


def _without(body: str, fields: tuple[str, ...]) -> str:
    """The JSON answer without its one-time secrets (what an anonymous replay may show)."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if not isinstance(data, dict):
        return body
    return json.dumps({k: v for k, v in data.items() if k not in fields}, ensure_ascii=False)
