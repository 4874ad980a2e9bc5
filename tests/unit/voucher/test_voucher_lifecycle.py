"""A voucher is used once, only while valid; a redemption is reversed only within its window."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from services.voucher.domain import errors
from services.voucher.domain.voucher import EXPIRED, ISSUED, REDEEMED, REVERSED, Redemption, Voucher

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
DAY_AGO = NOW - timedelta(days=1)


def issued(**changes) -> Voucher:
    ids = {"id": "v1", "code": "ABCDEFGHJKMNPQRST", "campaign_id": "c1", "member_id": "m1"}
    times = {"claimed_at": DAY_AGO, "valid_from": DAY_AGO, "valid_until": NOW + timedelta(days=29)}
    made = Voucher(**ids, **times, claim_seq=1, slot=7, status=ISSUED, subsidy=2000)
    return replace(made, **changes)


def redemption(**changes) -> Redemption:
    ids = {"id": "r1", "voucher_id": "v1", "campaign_id": "c1", "member_id": "m1"}
    where = {"merchant_id": "shop", "store_id": None, "channel": "online", "category": None}
    sale = {"order_amount": 12000, "discount": 2000, "payable": 10000, "subsidy": 2000}
    return replace(Redemption(**ids, **where, **sale, redeemed_at=NOW), **changes)


def test_an_issued_voucher_is_redeemed_at_the_moment_of_use():
    used = issued().redeem(NOW)
    assert (used.status, used.redeemed_at) == (REDEEMED, NOW)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"status": REDEEMED}, errors.AlreadyRedeemed),
        ({"status": EXPIRED}, errors.VoucherExpired),
        ({"valid_until": NOW}, errors.VoucherExpired),
        ({"status": REVERSED}, errors.VoucherNotUsable),
        ({"valid_from": NOW + timedelta(seconds=1)}, errors.VoucherNotYetValid),
    ],
)
def test_a_voucher_that_is_not_usable_now_is_refused(changes, error):
    with pytest.raises(error):
        issued(**changes).redeem(NOW)


def test_a_voucher_past_its_end_is_expired_even_before_the_job_marks_it():
    with pytest.raises(errors.VoucherExpired) as caught:
        issued(valid_until=NOW - timedelta(minutes=1)).check_usable(NOW)
    assert caught.value.extra["valid_until"] == (NOW - timedelta(minutes=1)).isoformat()


def test_a_redemption_is_reversed_with_its_reason_up_to_the_end_of_the_window():
    at = NOW + timedelta(hours=72)
    reversed_ = redemption().reverse(at, 72, "refund")
    assert (reversed_.reversed_at, reversed_.reversal_reason) == (at, "refund")
    assert reversed_.is_reversed and not redemption().is_reversed


def test_a_redemption_older_than_the_window_is_not_reversed():
    with pytest.raises(errors.ReversalWindowClosed):
        redemption().reverse(NOW + timedelta(hours=72, seconds=1), 72, None)
