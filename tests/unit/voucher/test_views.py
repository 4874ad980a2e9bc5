"""How the voucher service shows its aggregates (service_layer/views.py), without servers."""

from __future__ import annotations

from datetime import timedelta

from services.voucher.domain.codes import display
from services.voucher.domain.settlement import Statement
from services.voucher.service_layer.views import (
    redemption_event_data,
    redemption_view,
    statement_view,
    voucher_claimed_event_data,
    voucher_view,
)
from tests.unit.voucher.test_voucher_lifecycle import NOW, issued, redemption

BENEFIT = {"type": "amount_off", "threshold": 10000, "amount_off": 2000}


def test_a_voucher_is_shown_with_its_display_code_and_its_campaigns_benefit():
    shown = voucher_view(issued(), BENEFIT)
    assert shown["code"] == "ABCDEFGHJKMNPQRST" and shown["display_code"] == display(shown["code"])
    assert shown["benefit"] == BENEFIT and shown["redeemed_at"] is None
    assert "member_id" not in shown and "slot" not in shown  # what only the service needs


def test_a_claimed_voucher_event_carries_times_as_text():
    data = voucher_claimed_event_data(issued())
    assert data["voucher_id"] == "v1" and data["subsidy"] == 2000
    assert data["valid_until"] == (NOW + timedelta(days=29)).isoformat()


def test_a_redemption_shows_its_reversal_as_null_until_it_is_reversed():
    fresh = redemption_view(redemption())
    assert fresh["reversal_reason"] is None and fresh["reversed_at"] is None
    reversed_ = redemption_view(redemption().reverse(NOW, 72, "refund"))
    assert (reversed_["reversed_at"], reversed_["reversal_reason"]) == (NOW, "refund")


def test_a_redemption_event_names_the_redemption_and_when_it_happened():
    data = redemption_event_data(redemption(), NOW)
    assert (data["redemption_id"], data["at"], data["subsidy"]) == ("r1", NOW.isoformat(), 2000)
    assert "payable" not in data


def test_a_statement_shows_its_net_subsidy():
    shown = statement_view(Statement("shop", "2026-11", 2, 2300, 1, 2000))
    assert shown["net_subsidy"] == 300 and shown["period"] == "2026-11"
