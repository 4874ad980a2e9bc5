"""Errors the merchant domain raises; entrypoints/errors.py maps each to a status and code."""

from __future__ import annotations

from shared.errors import Conflict, DomainError, Forbidden, NotFound, Unauthenticated


class DuplicateCreditCode(Conflict):
    """This credit code already belongs to a merchant."""


class InvalidTransition(Conflict):
    """The application or merchant is not in a state that allows this."""


class ApplicationNotFound(NotFound):
    """No such application, or the secret does not match it."""


class MerchantNotFound(NotFound):
    """No such merchant."""


class StoreNotFound(NotFound):
    """No such store of yours."""


class NoActiveKey(NotFound):
    """This merchant has no active API key."""


class LastStore(Conflict):
    """A merchant keeps at least one store."""


class SecretRequired(Unauthenticated):
    """The application's secret is required (header X-Application-Secret)."""


class SecretInUrl(DomainError):
    """The application's secret came in the URL, where access logs keep it."""


class InvalidApiKey(Unauthenticated):
    """The API key is unknown, rotated or revoked."""


class MerchantSuspended(Forbidden):
    """The merchant is suspended."""


class KeyLinkInvalid(NotFound):
    """This key link is unknown, used already or expired; ask ops for a new one."""


class CategoryChangeNotFound(NotFound):
    """No such category change request."""
