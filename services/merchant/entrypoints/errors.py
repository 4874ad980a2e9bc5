"""The one table from domain errors to HTTP status and stable error code."""

from __future__ import annotations

from services.merchant.domain import errors
from shared.web.problem_docs import error_docs

ERROR_TABLE: dict[type[Exception], tuple[int, str]] = {
    errors.DuplicateCreditCode: (409, "duplicate_credit_code"),
    errors.InvalidTransition: (409, "invalid_state"),
    errors.LastStore: (409, "last_store"),
    errors.ApplicationNotFound: (404, "application_not_found"),
    errors.MerchantNotFound: (404, "merchant_not_found"),
    errors.StoreNotFound: (404, "store_not_found"),
    errors.NoActiveKey: (404, "no_active_key"),
    errors.SecretRequired: (401, "application_secret_required"),
    errors.SecretInUrl: (400, "secret_in_url"),
    errors.InvalidApiKey: (401, "invalid_api_key"),
    errors.MerchantSuspended: (403, "merchant_suspended"),
    errors.KeyLinkInvalid: (404, "key_link_invalid"),
    errors.CategoryChangeNotFound: (404, "category_change_not_found"),
}

raises = error_docs(ERROR_TABLE)  # `@raises(SomeError, ...)` documents a view's own problem answers
