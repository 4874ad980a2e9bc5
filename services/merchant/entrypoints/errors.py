"""The one table from domain errors to HTTP status and stable error code."""

from __future__ import annotations

from services.merchant.domain import errors
from shared.web.problem_docs import by_status
from shared.web.views import blueprints_for

ERROR_TABLE = by_status(
    {
        400: {
            errors.SecretInUrl: "secret_in_url",
        },
        401: {
            errors.SecretRequired: "application_secret_required",
            errors.InvalidApiKey: "invalid_api_key",
        },
        403: {
            errors.MerchantSuspended: "merchant_suspended",
        },
        404: {
            errors.ApplicationNotFound: "application_not_found",
            errors.MerchantNotFound: "merchant_not_found",
            errors.StoreNotFound: "store_not_found",
            errors.NoActiveKey: "no_active_key",
            errors.KeyLinkInvalid: "key_link_invalid",
            errors.CategoryChangeNotFound: "category_change_not_found",
        },
        409: {
            errors.DuplicateCreditCode: "duplicate_credit_code",
            errors.InvalidTransition: "invalid_state",
            errors.LastStore: "last_store",
        },
    }
)

# `blp = blueprint(name, __name__, url_prefix, description)`; its `blp.view(..., raises=[...])`
# documents the problem answers a view can give, from this table.
blueprint = blueprints_for(ERROR_TABLE)
