"""A product's rules without a database: prices, where it is offered, its status moves."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from services.catalog.domain.errors import InvalidProduct, InvalidStatusChange
from services.catalog.domain.products import (
    STATUSES,
    TRANSITIONS,
    Product,
    Rules,
    event_type,
)
from shared.merchant_standing.model import Store

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
RULES = Rules(
    categories=frozenset({"snacks-drinks"}),
    stores={
        "s1": Store("s1", "海口店", "460100"),
        "s2": Store("s2", "三亚店", "460200"),
    },
)


def product(**changes) -> Product:
    base = Product(
        id="p1",
        merchant_id="m1",
        name="海南椰子水",
        kind="goods",
        category="snacks-drinks",
        list_price=1200,
        member_price=990,
        stock=10,
        created_at=NOW,
        updated_at=NOW,
    )
    return replace(base, **changes)


ALLOWED = [(old, new) for old in STATUSES for new in sorted(TRANSITIONS[old])]
REFUSED = [
    (old, new) for old in STATUSES for new in STATUSES if new != old and new not in TRANSITIONS[old]
]


@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_allowed_status_moves(old, new):
    assert product(status=old).move_to(new).status == new


@pytest.mark.parametrize(("old", "new"), REFUSED)
def test_refused_status_moves(old, new):
    with pytest.raises(InvalidStatusChange):
        product(status=old).move_to(new)


def test_a_published_product_never_goes_back_to_draft_but_a_withdrawn_one_returns():
    assert ("published", "draft") in REFUSED
    assert ("withdrawn", "published") in ALLOWED


def test_staying_in_the_same_status_is_no_change():
    same = product(status="published")
    assert same.move_to("published") is same


def test_events_name_what_members_can_see_change():
    draft, listed = product(status="draft"), product(status="published")
    assert event_type(None, draft) is None
    assert event_type(None, listed) == "product.published"
    assert event_type(draft, listed) == "product.published"
    assert event_type(listed, replace(listed, stock=3)) == "product.updated"
    assert event_type(listed, listed) is None
    assert event_type(listed, product(status="withdrawn")) == "product.withdrawn"
    assert event_type(draft, replace(draft, stock=3)) is None


def test_a_checked_product_gets_its_regions_from_its_stores_without_repeats():
    result = product(store_ids=("s2", "s1", "s2")).checked(RULES)
    assert result.store_ids == ("s2", "s1")
    assert result.regions == ("460100", "460200")


def test_every_problem_is_reported_at_once():
    bad = product(category="nope", member_price=1200, store_ids=("s9",), online=False)
    with pytest.raises(InvalidProduct) as info:
        bad.checked(RULES)
    assert set(info.value.errors) == {"category", "member_price", "store_ids"}


def test_a_product_offered_nowhere_is_refused():
    with pytest.raises(InvalidProduct) as info:
        product(online=False).checked(RULES)
    assert set(info.value.errors) == {"online"}


def test_discount_depth_is_in_basis_points_of_the_list_price():
    assert product().discount_bp == 1750
    assert product(list_price=0, member_price=0).discount_bp == 0
