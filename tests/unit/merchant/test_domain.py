"""Pure rules: credit-code checksum, review deadline, state transitions, key hashing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.merchant.domain import credentials
from services.merchant.domain.credit_code import credit_code_problems
from services.merchant.domain.deadline import parse_dates, review_deadline
from services.merchant.domain.errors import InvalidTransition
from services.merchant.domain.model import next_application_status, next_merchant_status
from shared.reference.credit_codes import ALPHABET, check_character

# Check characters worked out from the GB 32100 weights (the arithmetic is in the next test).
KNOWN_VALID = ["91460100MA5T0000AG", "91460000MA5T111115", "52460200MJP000012U"]


def test_check_character_matches_the_weighted_sum_by_hand():
    body = "91460100MA5T0000A"
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, weights, strict=True))
    assert check_character(body) == ALPHABET[(31 - total % 31) % 31] == "G"


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_valid_codes_pass(code):
    assert credit_code_problems(code) == []


def test_published_code_of_a_real_company_is_valid():
    # Tencent's code as printed on its business licence.
    assert credit_code_problems("9144030071526726XG") == []


def test_all_zero_body_has_check_character_zero():
    assert check_character("0" * 17) == "0"
    assert credit_code_problems("0" * 18) == []


def test_one_changed_character_breaks_the_checksum():
    code = KNOWN_VALID[0]
    wrong = code[:-1] + ("1" if code[-1] != "1" else "2")
    assert credit_code_problems(wrong) == ["The check character does not match (wrong checksum)."]


@pytest.mark.parametrize("bad", ["I", "O", "Z", "S", "V", "a", "-"])
def test_characters_outside_the_alphabet_are_refused(bad):
    problems = credit_code_problems("91460100MA5T0000" + bad + "1")
    assert len(problems) == 1 and "alphabet" in problems[0]


def test_division_part_must_be_six_digits():
    body = "91A60100MA5T0000A"
    problems = credit_code_problems(body + check_character(body))
    assert problems == ["Characters 3 to 8 must be a 6-digit administrative division code."]


def test_wrong_length_is_refused():
    assert credit_code_problems("9146010") == ["Must be exactly 18 characters."]


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
def test_any_body_with_its_check_character_and_digit_division_is_valid(body):
    body = body[:2] + "460100" + body[8:]
    assert credit_code_problems(body + check_character(body)) == []


def utc(y, mo, d, h=0, mi=0):
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def test_friday_submission_is_due_at_the_end_of_tuesday():
    friday_10_local = utc(2026, 11, 27, 2)  # 10:00 in Hainan
    due = review_deadline(friday_10_local)
    assert due == utc(2026, 12, 1, 16)  # Wednesday 00:00 China time = end of Tuesday


def test_saturday_submission_counts_from_monday():
    assert review_deadline(utc(2026, 11, 28, 4)) == utc(2026, 12, 1, 16)


def test_late_friday_evening_in_china_is_still_friday():
    # 23:30 Friday China time is 15:30 UTC Friday.
    assert review_deadline(utc(2026, 11, 27, 15, 30)) == utc(2026, 12, 1, 16)


def test_monday_submission_is_due_at_the_end_of_wednesday():
    assert review_deadline(utc(2026, 11, 30, 1)) == utc(2026, 12, 2, 16)


def test_configured_holiday_is_skipped():
    holidays = parse_dates("2026-12-01, 2026-12-02")
    # Friday -> Monday (1), Tue/Wed holidays, Thursday (2)
    assert review_deadline(utc(2026, 11, 27, 2), holidays=holidays) == utc(2026, 12, 3, 16)


def test_make_up_working_saturday_counts():
    due = review_deadline(utc(2026, 11, 27, 2), working_weekends=[date(2026, 11, 28)])
    assert due == utc(2026, 11, 30, 16)  # Saturday (1), Monday (2)


def test_naive_submission_time_is_refused():
    with pytest.raises(ValueError):
        review_deadline(datetime(2026, 11, 27, 10))


def test_malformed_holiday_setting_is_refused():
    with pytest.raises(ValueError):
        parse_dates("2026-13-01")


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        ("submitted", "approve", "approved"),
        ("submitted", "reject", "rejected"),
        ("submitted", "return", "returned"),
        ("returned", "resubmit", "submitted"),
    ],
)
def test_allowed_application_transitions(state, action, expected):
    assert next_application_status(state, action) == expected


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("approved", "approve"),
        ("rejected", "approve"),
        ("returned", "approve"),
        ("submitted", "resubmit"),
        ("approved", "return"),
    ],
)
def test_refused_application_transitions(state, action):
    with pytest.raises(InvalidTransition):
        next_application_status(state, action)


def test_merchant_can_only_be_suspended_when_active():
    assert next_merchant_status("active", "suspend") == "suspended"
    with pytest.raises(InvalidTransition):
        next_merchant_status("suspended", "suspend")
    with pytest.raises(InvalidTransition):
        next_merchant_status("active", "reinstate")


def test_api_key_is_long_random_and_stored_only_as_peppered_hmac():
    key = credentials.new_api_key()
    assert key.startswith("mk_live_") and len(key) >= 8 + 43
    stored = credentials.digest("pepper", key)
    assert key not in stored and len(stored) == 64
    assert credentials.matches("pepper", key, stored)
    assert not credentials.matches("other-pepper", key, stored)
    assert credentials.new_api_key() != key


def test_key_link_token_is_long_random_and_url_safe():
    token = credentials.new_key_link_token()
    assert token.startswith("kl_") and len(token) == 3 + 43
    assert re.fullmatch(r"kl_[A-Za-z0-9_-]{43}", token)
    assert credentials.new_key_link_token() != token
