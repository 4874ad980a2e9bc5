"""RFC 9457 problem+json responses with a stable machine `code`."""

from __future__ import annotations

import json as stdlib_json
import logging

from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException

from shared import errors
from shared.web.outages import RETRY_AFTER_SECONDS, dependency_of, outage_cause

logger = logging.getLogger(__name__)

PROBLEM_MIME = "application/problem+json"

# Shared defaults; each service's table adds its own errors in front.
BASE_ERROR_TABLE: dict[type[Exception], tuple[int, str]] = {
    errors.NotFound: (404, "not_found"),
    errors.Conflict: (409, "conflict"),
    errors.Forbidden: (403, "forbidden"),
    errors.Unauthenticated: (401, "unauthenticated"),
    errors.Invalid: (422, "validation_failed"),
    errors.IdempotencyConflict: (409, "idempotency_in_flight"),
    errors.IdempotencyMismatch: (422, "idempotency_key_reused"),
    errors.DomainError: (400, "bad_request"),
}

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    503: "service_unavailable",
    504: "timeout",
}


def problem(
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    errors: dict | None = None,
    headers: dict | None = None,
    **extra: object,
) -> Response:
    body = {"type": f"urn:mall:problem:{code}", "title": title, "status": status, "code": code}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    body.update(extra)
    resp = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIME)
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    if status == 503 and "Retry-After" not in resp.headers:
        resp.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)  # every 503 says when to retry
    return resp


def unavailable(cause: BaseException) -> Response:
    """The answer while a dependency is away: the client retries, nothing is logged as a bug."""
    what = dependency_of(cause)
    logger.warning("answering 503: the %s is unavailable (%s)", what, type(cause).__name__)
    return problem(
        503,
        "service_unavailable",
        "Service Unavailable",
        f"The service's {what} is unavailable right now; try again shortly.",
    )


def domain_problem(
    err: errors.DomainError, table: dict[type[Exception], tuple[int, str]]
) -> Response:
    """Render a domain error through the service's table (most specific class first)."""
    for cls in type(err).__mro__:
        if cls in table:
            status, code = table[cls]
            break
    else:
        status, code = 400, "bad_request"
    title = (type(err).__doc__ or type(err).__name__).strip().splitlines()[0]
    field_errors = getattr(err, "errors", None)
    return problem(status, code, title, err.detail, field_errors, **err.extra)


def install_error_handlers(app: Flask, table: dict[type[Exception], tuple[int, str]]) -> None:
    """Every error leaves as problem+json: never an HTML page, never a stack trace."""
    full = {**table, **{k: v for k, v in BASE_ERROR_TABLE.items() if k not in table}}
    app.extensions["mall_error_table"] = full

    def on_domain(err: errors.DomainError) -> Response:
        return domain_problem(err, full)

    def on_http(err: HTTPException) -> Response:
        data = getattr(err, "data", None) or {}
        messages = data.get("errors") or data.get("messages")
        if isinstance(messages, dict) and len(messages) == 1 and "json" in messages:
            messages = messages["json"]  # webargs nests body errors under the location
        if messages and not isinstance(messages, dict):
            messages = {"_schema": messages}  # `errors` is always an object, as documented
        status = err.code or 500
        cause = outage_cause(err) if status == 500 else None
        if cause is not None:  # raised where Flask could only wrap it (an after_request hook)
            return unavailable(cause)
        code = data.get("code") or _HTTP_CODES.get(status, "error")
        detail = data.get("message") or err.description
        if isinstance(getattr(err, "exc", None), (stdlib_json.JSONDecodeError, UnicodeDecodeError)):
            # webargs' answer to a body that is not JSON; `errors` is for fields, by name
            code, detail, messages = "invalid_json", "The body is not valid JSON.", None
        if status == 422 and messages:
            detail = "The request has invalid fields."
        return problem(status, code, err.name, detail, messages, headers=data.get("headers"))

    def on_unexpected(err: Exception) -> Response:
        cause = outage_cause(err)
        if cause is not None:
            return unavailable(cause)
        logger.exception("unhandled error")
        return problem(
            500,
            "internal_error",
            "Internal Server Error",
            "Something went wrong on our side; the request id helps us find it.",
        )

    app.register_error_handler(errors.DomainError, on_domain)
    app.register_error_handler(HTTPException, on_http)
    app.register_error_handler(Exception, on_unexpected)
