"""The gateway's own errors and their stable codes."""

from __future__ import annotations

from shared.errors import DomainError, Forbidden, Invalid, NotFound, Unauthenticated
from shared.web.problem_docs import by_status


class ServiceUnavailable(DomainError):
    """A service behind the gateway cannot be reached."""


class UpstreamTimeout(DomainError):
    """A service behind the gateway did not answer in time."""


class BadGateway(DomainError):
    """A service behind the gateway gave an answer the gateway cannot use."""


class InvalidToken(Unauthenticated):
    """The bearer token is not valid."""


class InvalidApiKey(Unauthenticated):
    """The API key is not valid."""


class MerchantSuspended(Forbidden):
    """The merchant is suspended."""


class AmbiguousCredentials(Invalid):
    """Send either a bearer token or an API key, not both."""


class UnknownPath(NotFound):
    """There is no such path."""


ERROR_TABLE = by_status(
    {
        400: {AmbiguousCredentials: "ambiguous_credentials"},
        401: {InvalidToken: "invalid_token", InvalidApiKey: "invalid_api_key"},
        403: {MerchantSuspended: "merchant_suspended"},
        404: {UnknownPath: "not_found"},
        502: {BadGateway: "bad_gateway"},
        503: {ServiceUnavailable: "service_unavailable"},
        504: {UpstreamTimeout: "upstream_timeout"},
    }
)
