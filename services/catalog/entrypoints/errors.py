"""The catalog's one table from domain errors to HTTP status and stable code."""

from __future__ import annotations

from services.catalog.adapters.cache import CacheUnavailable
from services.catalog.domain import errors
from shared.web.problem_docs import by_status, error_docs

ERROR_TABLE = by_status(
    {
        403: {
            errors.MerchantSuspended: "merchant_suspended",
            errors.MerchantNotActive: "merchant_not_active",
        },
        404: {
            errors.ProductNotFound: "not_found",
        },
        409: {
            errors.InvalidStatusChange: "invalid_status_change",
        },
        422: {
            errors.InvalidProduct: "validation_failed",
            errors.InvalidQuery: "validation_failed",
        },
        503: {
            CacheUnavailable: "cache_unavailable",
        },
    }
)

raises = error_docs(ERROR_TABLE)  # `@raises(SomeError, ...)` documents a view's own problem answers
