"""`Idempotency-Key` support for write endpoints."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import wraps

from flask import Response, current_app, g, make_response, request
from redis import RedisError

from shared.errors import DomainError, Invalid
from shared.idempotency import IdempotencyStore, StoredResult
from shared.web.problems import domain_problem

logger = logging.getLogger(__name__)
HEADER = "Idempotency-Key"


def idempotent(view: Callable) -> Callable:
    """Decorate a write view (outermost) so a repeated key replays the first response."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        if not 1 <= len(key) <= 200:
            raise Invalid("Idempotency-Key must be 1 to 200 characters.")
        store: IdempotencyStore = current_app.extensions["mall_idempotency"]
        principal = getattr(g, "principal", None)
        # Anonymous callers are told apart by the client address the gateway forwards, so a
        # replayed answer (which may hold a one-time secret) goes back only where it came from.
        caller = (
            f"{principal.role}:{principal.sub}"
            if principal and principal.sub
            else f"anon:{request.headers.get('X-Forwarded-For', '')}"
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
        try:
            resp = make_response(view(*args, **kwargs))
        except DomainError as err:
            resp = domain_problem(err, current_app.extensions["mall_error_table"])
        except BaseException:
            store.abandon(scope, key)
            raise
        if resp.status_code >= 500:
            store.abandon(scope, key)
        else:
            store.finish(
                scope,
                key,
                fingerprint,
                StoredResult(resp.status_code, resp.get_data(as_text=True), resp.mimetype),
            )
        return resp

    return wrapper
