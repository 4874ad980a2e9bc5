"""The catalog's one table from domain errors to HTTP status and stable code."""

from __future__ import annotations

from services.catalog.adapters.cache import CacheUnavailable
from services.catalog.domain import errors
from shared.web.problem_docs import error_docs

ERROR_TABLE: dict[type[Exception], tuple[int, str]] = {
    errors.ProductNotFound: (404, "not_found"),
    errors.MerchantSuspended: (403, "merchant_suspended"),
    errors.MerchantNotActive: (403, "merchant_not_active"),
    errors.InvalidStatusChange: (409, "invalid_status_change"),
    errors.InvalidProduct: (422, "validation_failed"),
    errors.InvalidQuery: (422, "validation_failed"),
    CacheUnavailable: (503, "cache_unavailable"),
}

raises = error_docs(ERROR_TABLE)  # `@raises(SomeError, ...)` documents a view's own problem answers
