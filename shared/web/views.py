"""One decorator states a view's whole contract: who may call it, what it takes, what it
answers, which refusals it documents, and whether a retry replays it.

```python
blp = blueprint("merchant_vouchers", __name__, "/api/v1/merchant", "Redeem vouchers")

@blp.route("/redemptions/<id:redemption_id>/reversal")
class Reversal(MethodView):
    @blp.view("merchant", body=r.ReversalIn, answer=r.RedemptionOut, status=201,
              raises=[e.RedemptionNotFound, e.ReversalWindowClosed], idempotent=True)
    def post(self, body, redemption_id): ...
```

The order of the decorators underneath is fixed here once, so no view can get it wrong:
`idempotent` outermost (a replay answers before anything else runs), then the role check
(nobody else learns whether their input would be valid), then flask-smorest's arguments and
response, then the documented refusals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask_smorest import Blueprint
from marshmallow import Schema

from shared.errors import IdempotencyConflict, IdempotencyMismatch
from shared.web.auth import require_role
from shared.web.idempotency import idempotent as replayable
from shared.web.problem_docs import Table, error_docs

SchemaArg = type[Schema] | Schema
# What a retry with an Idempotency-Key can meet: the first try still running, another body.
REPLAY_REFUSALS = (IdempotencyConflict, IdempotencyMismatch)


class ServiceBlueprint(Blueprint):
    """A flask-smorest Blueprint whose views document their refusals from the service's table."""

    def __init__(
        self, name: str, import_name: str, url_prefix: str, description: str, errors: Table
    ) -> None:
        super().__init__(name, import_name, url_prefix=url_prefix, description=description)
        self._raises = error_docs(errors)

    def view(
        self,
        *roles: str,
        query: SchemaArg | None = None,
        body: SchemaArg | None = None,
        answer: SchemaArg | None = None,
        status: int = 200,
        raises: Sequence[type[Exception]] = (),
        idempotent: bool = False,
        one_time: tuple[str, ...] = (),
    ) -> Callable[[Callable], Callable]:
        """Decorate a MethodView method: `roles` may call it (`*ANYONE`: public), `query` or
        `body` is parsed into its arguments, `answer` dumps what it returns with `status`,
        `raises` documents its own problem answers; `idempotent` (or `one_time`, the answer's
        one-time secret fields) replays a retry with the same Idempotency-Key (and documents
        REPLAY_REFUSALS)."""
        if not roles:  # a forgotten role must not make a view public
            raise TypeError("name the roles that may call this view (*ANYONE for a public one)")
        replays = idempotent or bool(one_time)
        refusals = [*raises, *(REPLAY_REFUSALS if replays else ())]

        def decorate(view: Callable) -> Callable:
            if refusals:
                view = self._raises(*refusals)(view)
            view = self.response(status, answer)(view)
            if body is not None:
                view = self.arguments(body)(view)
            if query is not None:
                view = self.arguments(query, location="query")(view)
            view = require_role(*roles)(view)
            if replays:
                view = replayable(one_time=one_time)(view) if one_time else replayable(view)
            return view

        return decorate


def blueprints_for(errors: Table) -> Callable[[str, str, str, str], ServiceBlueprint]:
    """Return the service's `blueprint(name, import_name, url_prefix, description)` maker."""

    def blueprint(name: str, import_name: str, url_prefix: str, description: str):
        return ServiceBlueprint(name, import_name, url_prefix, description, errors)

    return blueprint
