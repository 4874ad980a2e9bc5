"""The merchant-standing rules every consuming service shares: which snapshot wins, who may act."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import MetaData

from services.catalog.adapters.orm import merchants as catalog_merchants
from services.catalog.domain import errors as catalog_errors
from services.voucher.adapters.orm import merchants as voucher_merchants
from services.voucher.domain import errors as voucher_errors
from shared.events import new_event
from shared.events.merchant_events import SNAPSHOT_EVENTS
from shared.merchant_standing.model import (
    MerchantNotActive,
    MerchantStanding,
    MerchantSuspended,
    Store,
    ensure_active,
    supersedes,
)
from shared.merchant_standing.projection import (
    MerchantCopies,
    define_merchants_table,
    from_snapshot,
)

T0 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def standing(status: str = "active", at: datetime = T0) -> MerchantStanding:
    return MerchantStanding("m1", "海口椰风超市", "discount_partner", status, "460100", at)


def test_a_snapshot_replaces_an_older_or_equal_one_but_never_a_later_one():
    assert supersedes(T0, None)
    assert supersedes(T0 + timedelta(seconds=1), standing(at=T0))
    assert supersedes(T0, standing(at=T0))  # a redelivery changes nothing, harmlessly
    assert not supersedes(T0 - timedelta(seconds=1), standing(at=T0))


def test_only_an_active_merchant_may_act():
    assert ensure_active(standing()).status == "active"
    with pytest.raises(MerchantNotActive):
        ensure_active(None)
    with pytest.raises(MerchantSuspended):
        ensure_active(standing("suspended"))
    with pytest.raises(MerchantNotActive):
        ensure_active(standing("closed"))


def test_both_services_raise_the_same_standing_errors():
    assert catalog_errors.MerchantSuspended is voucher_errors.MerchantSuspended is MerchantSuspended
    assert catalog_errors.MerchantNotActive is voucher_errors.MerchantNotActive is MerchantNotActive


def test_a_snapshot_event_is_read_with_its_stores_and_time():
    data = {
        "merchant_id": "m1",
        "legal_name": "海口椰风超市",
        "partner_type": "discount_partner",
        "status": "suspended",
        "region": "460100",
        "categories": ["groceries"],
        "stores": [{"id": "s1", "name": "龙华店", "region": "460100"}],
    }
    event = new_event("merchant.suspended", "m1", data, producer="merchant")
    merchant = from_snapshot(event)
    assert merchant.status == "suspended" and merchant.snapshot_at == event.occurred_at
    assert merchant.stores == {"s1": Store("s1", "龙华店", "460100", "")}
    assert merchant.store_ids == ("s1",) and merchant.categories == ("groceries",)


def test_catalog_and_voucher_keep_the_same_table_shape():
    def shape(table):
        return [(c.name, repr(c.type), c.nullable, c.primary_key) for c in table.columns]

    reference = define_merchants_table(MetaData())
    assert shape(catalog_merchants) == shape(voucher_merchants) == shape(reference)


def test_every_snapshot_event_of_the_contract_has_a_handler():
    handlers = MerchantCopies(define_merchants_table(MetaData())).handlers()
    assert set(handlers) == set(SNAPSHOT_EVENTS)
    assert "merchant.rejected" not in handlers  # an application, not a merchant
