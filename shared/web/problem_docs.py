"""Document, on each view, the problem answers its own rules can give (status and `code`).

A service writes its table grouped by status (`ERROR_TABLE = by_status({404: {...}, ...})`)
and makes its blueprints with it (`shared.web.views.blueprints_for`); a view then says
`@blp.view(..., raises=[SoldOut, LimitReached])` and its OpenAPI operation lists those statuses with their
codes, looked up in the same table the error handler uses, so the two cannot disagree. The
answers every request can meet (401, 429, 503 ...) are added by the gateway's document.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_smorest import Blueprint

from shared.web.problems import BASE_ERROR_TABLE, PROBLEM_MIME

Table = dict[type[Exception], tuple[int, str]]
PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "code"],
    "properties": {"code": {"type": "string"}, "detail": {"type": "string"}},
}


def by_status(groups: dict[int, dict[type[Exception], str]]) -> Table:
    """Flatten `{404: {NotFoundError: "code"}, ...}` into the table the error handler reads."""
    return {
        error: (status, code) for status, codes in groups.items() for error, code in codes.items()
    }


def status_and_code(error: type[Exception], table: Table) -> tuple[int, str]:
    """What the error handler answers for this error class (most specific class first)."""
    for cls in error.__mro__:
        if cls in table:
            return table[cls]
    return 400, "bad_request"


def error_docs(table: Table) -> Callable[..., Callable]:
    """Return the `raises(*errors)` decorator for a service with this error table."""
    full = {**table, **{k: v for k, v in BASE_ERROR_TABLE.items() if k not in table}}

    def raises(*errors: type[Exception]) -> Callable:
        codes: dict[int, set[str]] = {}
        for error in errors:
            status, code = status_and_code(error, full)
            codes.setdefault(status, set()).add(code)
        responses = {
            str(status): {
                "description": "This operation's own: "
                + ", ".join(f"`{c}`" for c in sorted(found))
                + ".",
                "content": {PROBLEM_MIME: {"schema": PROBLEM}},
                "x-codes": sorted(found),
            }
            for status, found in sorted(codes.items())
        }
        return Blueprint.doc(responses=responses)

    return raises
