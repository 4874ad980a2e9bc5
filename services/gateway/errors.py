"""The gateway's own errors and their stable codes."""

from __future__ import annotations

from shared.errors import DomainError, Forbidden, Invalid, NotFound, Unauthenticated


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


ERROR_TABLE: dict[type[Exception], tuple[int, str]] = {
    ServiceUnavailable: (503, "service_unavailable"),
    UpstreamTimeout: (504, "upstream_timeout"),
    BadGateway: (502, "bad_gateway"),
    InvalidToken: (401, "invalid_token"),
    InvalidApiKey: (401, "invalid_api_key"),
    MerchantSuspended: (403, "merchant_suspended"),
    AmbiguousCredentials: (400, "ambiguous_credentials"),
    UnknownPath: (404, "not_found"),
}
