"""The catalog's domain errors; entrypoints/errors.py maps each to a status and code."""

from __future__ import annotations

from shared.errors import Conflict, Invalid, NotFound

# The standing errors are shared with the voucher service; entrypoints/errors.py maps them here too.
from shared.merchant_standing.model import MerchantNotActive, MerchantSuspended  # noqa: F401


class ProductNotFound(NotFound):
    """No such product, or it is not offered right now."""


class InvalidProduct(Invalid):
    """The product breaks a rule of the catalog."""


class InvalidQuery(Invalid):
    """The search or filter is not valid."""


class InvalidStatusChange(Conflict):
    """The product cannot move to that status from its current one."""
