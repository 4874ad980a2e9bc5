"""Crafted cursors are a 422 `validation_failed` on every list, never a 500."""

from __future__ import annotations

import importlib

import pytest

from shared.migrations import upgrade
from tests.support import callers
from tests.unit.shared.test_cursors import CRAFTED

LISTS = {
    "merchant": [
        ("/api/v1/merchants", "anonymous"),
        ("/api/v1/ops/merchant-applications", "ops"),
        ("/api/v1/ops/merchants", "ops"),
        ("/api/v1/ops/category-changes", "ops"),
    ],
    "catalog": [
        ("/api/v1/products?sort=newest", "anonymous"),
        ("/api/v1/products?sort=price_asc", "anonymous"),
        ("/api/v1/merchant/products", "merchant"),
    ],
    "voucher": [
        ("/api/v1/campaigns", "anonymous"),
        ("/api/v1/me/vouchers", "member"),
        ("/api/v1/me/redemptions", "member"),
        ("/api/v1/merchant/redemptions", "merchant"),
        ("/api/v1/merchant/settlements", "merchant"),
        ("/api/v1/ops/campaigns", "ops"),
        ("/api/v1/ops/settlements", "ops"),
        ("/api/v1/ops/dead-letters", "ops"),
    ],
}


@pytest.mark.parametrize("service", sorted(LISTS))
def test_every_list_refuses_a_crafted_cursor_with_a_problem(service, service_config):
    upgrade(service_config["database_url"], f"services/{service}/migrations")
    app = importlib.import_module(f"services.{service}.app").create_app(service_config)
    client = app.test_client()
    who = {
        "anonymous": callers.anonymous(),
        "member": callers.member(),
        "merchant": callers.merchant("m-1"),
        "ops": callers.ops(),
    }
    answers = []
    for path, role in LISTS[service]:
        for cursor in CRAFTED:
            sep = "&" if "?" in path else "?"
            resp = client.get(f"{path}{sep}cursor={cursor}", headers=who[role])
            answers.append((path, cursor, resp.status_code, resp.mimetype))
    assert all(
        status == 422 and mime == "application/problem+json" for _, _, status, mime in answers
    ), answers
