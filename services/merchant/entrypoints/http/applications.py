"""Public onboarding: apply, check on the application, resubmit after it was returned."""

from __future__ import annotations

import re

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from services.merchant.domain import errors as e
from services.merchant.domain.credentials import SECRET_PATTERN
from services.merchant.domain.errors import ApplicationNotFound, SecretInUrl, SecretRequired
from services.merchant.entrypoints.errors import raises
from services.merchant.entrypoints.http.common import PUBLIC, context
from services.merchant.entrypoints.http.schemas_in import ApplicationIn
from services.merchant.entrypoints.http.schemas_out import ApplicationCreated, ApplicationOut
from services.merchant.service_layer import applications
from shared.web.auth import require_role
from shared.web.idempotency import idempotent

blp = Blueprint(
    "merchant_applications",
    __name__,
    url_prefix="/api/v1/merchant-applications",
    description="Merchant onboarding (public)",
)
SECRET_HEADER = "X-Application-Secret"  # noqa: S105 - a header name
SECRET_PARAMETER = {
    "in": "header",
    "name": SECRET_HEADER,
    "required": True,
    "schema": {"type": "string", "pattern": SECRET_PATTERN, "minLength": 35, "maxLength": 35},
    "description": "The secret the application was answered with.",
}


def _secret() -> str:
    if "secret" in request.args:  # a URL ends up in access logs, here and at every proxy
        raise SecretInUrl(
            f"Send the application's secret in the {SECRET_HEADER} header, not the URL."
        )
    secret = request.headers.get(SECRET_HEADER)
    if not secret:
        raise SecretRequired()
    if re.fullmatch(SECRET_PATTERN, secret) is None:  # never issued: as a wrong secret is
        raise ApplicationNotFound()
    return secret


@blp.route("")
class Applications(MethodView):
    @idempotent(one_time=("secret",))
    @require_role(*PUBLIC)
    @blp.arguments(ApplicationIn)
    @blp.response(201, ApplicationCreated)
    @raises(e.DuplicateCreditCode)
    def post(self, form):
        """Apply to become a partner merchant; the answer carries a secret shown once."""
        return applications.submit(context(), form)


@blp.route("/<id:application_id>")
class Application(MethodView):
    @require_role(*PUBLIC)
    @blp.doc(parameters=[SECRET_PARAMETER])
    @blp.response(200, ApplicationOut)
    @raises(e.SecretInUrl, e.SecretRequired, e.ApplicationNotFound)
    def get(self, application_id):
        """Check an application's status with its secret (header X-Application-Secret)."""
        return applications.view(context(), application_id, _secret())

    @require_role(*PUBLIC)
    @blp.doc(parameters=[SECRET_PARAMETER])
    @blp.arguments(ApplicationIn)
    @blp.response(200, ApplicationOut)
    @raises(
        e.SecretInUrl,
        e.SecretRequired,
        e.ApplicationNotFound,
        e.DuplicateCreditCode,
        e.InvalidTransition,
    )
    def put(self, form, application_id):
        """Resubmit an application that ops returned for changes."""
        return applications.resubmit(context(), application_id, _secret(), form)
