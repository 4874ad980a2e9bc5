"""The voucher's own record of a campaign's claims, which the rush rehearsal compares."""

from __future__ import annotations

from services.voucher.config import VoucherSettings
from services.voucher.entrypoints import claim_books
from tests.voucher.conftest import claim


def test_the_books_count_every_claim_in_the_gate_and_the_database(
    app, client, service_config, make_campaign
):
    campaign = make_campaign(quantity=5, budget=5 * 2000, per_member_limit=2)
    for member in ("m-1", "m-2", "m-2"):
        assert claim(client, campaign["id"], member).status_code == 201
    assert claim(client, campaign["id"], "m-2").status_code == 409  # past the limit

    books = claim_books.books(
        VoucherSettings.from_mapping("voucher", service_config), campaign["id"]
    )

    assert books == {
        "campaign_id": campaign["id"],
        "quantity": 5,
        "per_member_limit": 2,
        "gate_taken": 3,
        "gate_counted": 3,
        "over_limit_gate": 0,
        "rows": 3,
        "over_limit_db": 0,
    }


def test_no_books_for_a_campaign_that_does_not_exist(app, service_config):
    settings = VoucherSettings.from_mapping("voucher", service_config)
    assert claim_books.books(settings, "no-such-campaign") is None


def test_the_command_wants_exactly_one_campaign(capsys):
    assert claim_books.main([]) == 2
    assert "usage" in capsys.readouterr().err
