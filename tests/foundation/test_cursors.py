"""Crafted cursors are a 422 `validation_failed`, never a 500."""

from __future__ import annotations

import pytest

from shared.errors import Invalid
from shared.pagination import cursor_int, cursor_text, cursor_time, encode_cursor

CRAFTED = [
    encode_cursor({"t": "2026-11-28T10:00:00", "id": "x"}),  # no timezone
    encode_cursor({"t": 5, "id": ["x"]}),
    encode_cursor({"k": 1, "id": "x", "v": 2**70, "s": "newest"}),
    encode_cursor({"id": "x", "v": "not a number", "s": "price_asc"}),
    encode_cursor({"id": 2**80}),
    "not-base64-%%%",
]


def test_cursor_fields_are_checked():
    assert cursor_time("2026-11-28T10:00:00+00:00").tzinfo is not None
    assert cursor_text("abc") == "abc" and cursor_int(7) == 7
    for bad in (
        lambda: cursor_time("2026-11-28T10:00:00"),
        lambda: cursor_time(3),
        lambda: cursor_text(4),
        lambda: cursor_int(True),
        lambda: cursor_int(2**70),
    ):
        with pytest.raises(Invalid):
            bad()


LISTS = {
    "merchant": [("/api/v1/merchants", "anonymous"), ("/api/v1/ops/merchant-applications", "ops")],
    "catalog": [
        ("/api/v1/products?sort=newest", "anonymous"),
        ("/api/v1/products?sort=price_asc", "anonymous"),
    ],
    "voucher": [
        ("/api/v1/campaigns", "anonymous"),
        ("/api/v1/me/vouchers", "member"),
        ("/api/v1/me/redemptions", "member"),
        ("/api/v1/ops/dead-letters", "ops"),
    ],
}


@pytest.mark.parametrize("service", sorted(LISTS))
def test_every_list_refuses_a_crafted_cursor_with_a_problem(service, service_config):
    import importlib

    from shared.migrations import upgrade
    from tests.support import callers

    upgrade(service_config["database_url"], f"services/{service}/migrations")
    app = importlib.import_module(f"services.{service}.app").create_app(service_config)
    client = app.test_client()
    who = {"anonymous": callers.anonymous(), "member": callers.member(), "ops": callers.ops()}
    answers = []
    for path, role in LISTS[service]:
        for cursor in CRAFTED:
            sep = "&" if "?" in path else "?"
            resp = client.get(f"{path}{sep}cursor={cursor}", headers=who[role])
            answers.append((path, cursor, resp.status_code, resp.mimetype))
    assert all(
        status == 422 and mime == "application/problem+json" for _, _, status, mime in answers
    ), answers
