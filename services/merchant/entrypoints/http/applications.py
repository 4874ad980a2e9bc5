"""Public onboarding: apply, check on the application, resubmit after it was returned."""

from __future__ import annotations

import re

from flask import request
from flask.views import MethodView

from services.merchant.domain import errors as e
from services.merchant.domain.credentials import SECRET_PATTERN
from services.merchant.domain.errors import ApplicationNotFound, SecretInUrl, SecretRequired
from services.merchant.entrypoints.errors import blueprint
from services.merchant.entrypoints.http.common import context
from services.merchant.entrypoints.http.schemas_in import ApplicationIn
from services.merchant.entrypoints.http.schemas_out import ApplicationCreated, ApplicationOut
from services.merchant.service_layer import applications
from shared.web.auth import ANYONE

blp = blueprint(
    "merchant_applications",
    __name__,
    "/api/v1/merchant-applications",
    "Merchant onboarding (public)",
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
    @blp.view(
        *ANYONE,
        body=ApplicationIn,
        answer=ApplicationCreated,
        status=201,
        raises=[e.DuplicateCreditCode],
        one_time=("secret",),
    )
    def post(self, form):
        """Apply to become a partner merchant; the answer carries a secret shown once."""
        return applications.submit(context(), form)


@blp.route("/<id:application_id>")
class Application(MethodView):
    @blp.view(
        *ANYONE,
        answer=ApplicationOut,
        raises=[e.SecretInUrl, e.SecretRequired, e.ApplicationNotFound],
    )
    @blp.doc(parameters=[SECRET_PARAMETER])
    def get(self, application_id):
        """Check an application's status with its secret (header X-Application-Secret)."""
        return applications.view(context(), application_id, _secret())

    @blp.view(
        *ANYONE,
        body=ApplicationIn,
        answer=ApplicationOut,
        raises=[
            e.SecretInUrl,
            e.SecretRequired,
            e.ApplicationNotFound,
            e.DuplicateCreditCode,
            e.InvalidTransition,
        ],
    )
    @blp.doc(parameters=[SECRET_PARAMETER])
    def put(self, form, application_id):
        """Resubmit an application that ops returned for changes."""
        return applications.resubmit(context(), application_id, _secret(), form)
