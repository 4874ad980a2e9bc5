"""The catalog's one table from domain errors to HTTP status and stable code."""

from __future__ import annotations

from services.catalog.adapters.cache import CacheUnavailable
from services.catalog.domain import errors
from shared.web.problem_docs import by_status
from shared.web.views import blueprints_for

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

# `blp = blueprint(name, __name__, url_prefix, description)`; its `blp.view(..., raises=[...])`
# documents the problem answers a view can give, from this table.
blueprint = blueprints_for(ERROR_TABLE)
