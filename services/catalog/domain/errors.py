"""The catalog's domain errors; entrypoints/errors.py maps each to a status and code."""

from __future__ import annotations

from shared.errors import Conflict, Forbidden, Invalid, NotFound


class ProductNotFound(NotFound):
    """No such product, or it is not offered right now."""


class MerchantNotActive(Forbidden):
    """The catalog does not know this merchant as an active partner."""

    retryable = True  # an approval may be on its way to the catalog


class MerchantSuspended(Forbidden):
    """This merchant is suspended and cannot change its offers."""


class InvalidProduct(Invalid):
    """The product breaks a rule of the catalog."""


class InvalidQuery(Invalid):
    """The search or filter is not valid."""


class InvalidStatusChange(Conflict):
    """The product cannot move to that status from its current one."""
