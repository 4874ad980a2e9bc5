"""A merchant's stores: what a store is made of, what may change, and that one always stays."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import timedelta

import pytest

from services.merchant.domain.errors import LastStore, StoreNotFound
from services.merchant.domain.merchant import Merchant
from services.merchant.domain.store import Store
from tests.unit.merchant.helpers import NOW, a_merchant

LATER = NOW + timedelta(hours=1)
DETAILS = {"name": "龙华店", "address": "海口市龙华路 1 号", "region": "460100"}


def merchant_with(*stores: Store) -> Merchant:
    return a_merchant(stores=list(stores))


def test_a_store_opened_without_coordinates_has_none():
    store = Store.opened("s-1", DETAILS)
    assert store == Store("s-1", "龙华店", "海口市龙华路 1 号", "460100", None, None)


def test_a_store_opened_from_an_applications_form_keeps_its_coordinates():
    store = Store.opened("s-1", {**DETAILS, "latitude": 20.03, "longitude": 110.32})
    assert (store.latitude, store.longitude) == (20.03, 110.32)


def test_a_change_touches_only_the_details_named_and_never_the_id():
    store = Store.opened("s-1", {**DETAILS, "latitude": 20.03, "longitude": 110.32})
    changed = store.changed({"name": "新店", "latitude": None, "id": "s-2", "merchant_id": "x"})
    assert changed == Store("s-1", "新店", "海口市龙华路 1 号", "460100", None, 110.32)
    assert store.name == "龙华店"  # the old value is untouched


def test_a_store_cannot_be_changed_in_place():
    with pytest.raises(FrozenInstanceError):
        Store.opened("s-1", DETAILS).name = "x"  # type: ignore[misc]


def test_a_merchant_finds_only_its_own_stores():
    merchant = merchant_with(Store.opened("s-1", DETAILS))
    assert merchant.store("s-1").name == "龙华店"
    with pytest.raises(StoreNotFound):
        merchant.store("s-9")


def test_an_added_store_comes_last_and_the_merchant_is_changed():
    merchant = merchant_with(Store.opened("s-1", DETAILS))
    merchant.add_store(Store.opened("s-2", {**DETAILS, "name": "美兰店"}), LATER)
    assert [s.id for s in merchant.stores] == ["s-1", "s-2"] and merchant.updated_at == LATER


def test_a_changed_store_keeps_its_place_among_the_stores():
    merchant = merchant_with(*(Store.opened(f"s-{i}", DETAILS) for i in (1, 2, 3)))
    changed = merchant.change_store("s-2", {"address": "新地址"}, LATER)
    assert changed.address == "新地址" and merchant.store("s-2") == changed
    assert [s.id for s in merchant.stores] == ["s-1", "s-2", "s-3"]
    assert merchant.updated_at == LATER
    with pytest.raises(StoreNotFound):
        merchant.change_store("s-9", {"name": "x"}, LATER)


def test_a_store_is_removed_but_the_last_one_stays():
    merchant = merchant_with(Store.opened("s-1", DETAILS), Store.opened("s-2", DETAILS))
    merchant.remove_store("s-1", LATER)
    assert [s.id for s in merchant.stores] == ["s-2"] and merchant.updated_at == LATER
    with pytest.raises(LastStore):
        merchant.remove_store("s-2", LATER + timedelta(hours=1))
    assert [s.id for s in merchant.stores] == ["s-2"] and merchant.updated_at == LATER


def test_removing_a_store_that_is_not_the_merchants_says_not_found_before_last_store():
    merchant = merchant_with(Store.opened("s-1", DETAILS))
    with pytest.raises(StoreNotFound):
        merchant.remove_store("s-9", LATER)
