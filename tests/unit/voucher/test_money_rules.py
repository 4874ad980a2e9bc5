"""Property-based tests of the money rules and voucher codes (pure domain, no I/O)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.voucher.domain import codes
from services.voucher.domain.money import (
    AMOUNT_OFF,
    PERCENT_OFF,
    Benefit,
    budget_holds,
    discount_for,
    subsidy_for,
)

fen = st.integers(min_value=0, max_value=10**9)
benefits = st.one_of(
    st.builds(Benefit, type=st.just(AMOUNT_OFF), threshold=fen, amount_off=st.integers(1, 10**8)),
    st.builds(
        Benefit,
        type=st.just(PERCENT_OFF),
        threshold=fen,
        percent=st.integers(1, 99),
        cap=st.integers(1, 10**8),
    ),
)


@given(benefits, fen)
def test_discount_is_never_negative_nor_above_the_order_or_the_cap(benefit, order):
    off = discount_for(benefit, order)
    assert 0 <= off <= order
    assert off <= benefit.max_discount
    if order < benefit.threshold:
        assert off == 0


@given(st.integers(1, 99), st.integers(1, 10**8), st.integers(1, 10**9))
def test_percent_off_is_the_floor_of_the_percentage_capped(percent, cap, order):
    benefit = Benefit(PERCENT_OFF, percent=percent, cap=cap)
    assert discount_for(benefit, order) == min(order * percent // 100, cap)


@given(benefits, fen, st.integers(0, 10**8))
def test_subsidy_never_exceeds_the_discount_nor_the_campaign_subsidy(benefit, order, max_subsidy):
    off = discount_for(benefit, order)
    paid = subsidy_for(off, max_subsidy)
    assert 0 <= paid <= min(off, max_subsidy)
    assert (order - off) + off == order  # payable plus discount is the order, to the fen


@given(
    st.integers(1, 5000),
    st.integers(1, 10**6),
    st.integers(0, 10**10),
    benefits,
    st.lists(fen, max_size=60),
)
def test_sum_of_subsidies_never_exceeds_a_budget_that_held_at_creation(
    quantity, max_subsidy, budget, benefit, orders
):
    if not budget_holds(quantity, max_subsidy, budget):
        assert quantity * max_subsidy > budget
        return
    redeemed = orders[:quantity]  # at most one redemption per voucher
    total = sum(subsidy_for(discount_for(benefit, o), max_subsidy) for o in redeemed)
    assert total <= budget


def test_codes_carry_80_random_bits_in_an_unambiguous_alphabet():
    seen = {codes.new_code() for _ in range(2000)}
    assert len(seen) == 2000
    for code in seen:
        assert len(code) == codes.CODE_LENGTH == 17
        assert not set(code) & set("ILOU")
        assert codes.normalize(code) == code
    assert len(codes.ALPHABET) ** codes.BODY_LENGTH >= 2**80


@given(st.data())
def test_a_single_mistyped_character_is_caught(data):
    code = codes.new_code()
    pos = data.draw(st.integers(0, len(code) - 1))
    wrong = data.draw(st.sampled_from([c for c in codes.ALPHABET if c != code[pos]]))
    typo = code[:pos] + wrong + code[pos + 1 :]
    assert codes.normalize(typo) is None


def test_codes_are_read_the_way_people_type_them():
    code = codes.new_code()
    grouped = codes.display(code).lower()
    assert codes.normalize(grouped) == code
    assert codes.normalize(f"  {code} ") == code
    assert codes.normalize(code[:-1]) is None
    assert codes.normalize("not a code at all") is None
