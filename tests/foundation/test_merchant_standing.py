"""The shared merchant-standing projection on a real database: order, redelivery, hooks."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import MetaData, create_engine
from sqlalchemy.orm import sessionmaker

from shared.events import new_event
from shared.merchant_standing.projection import MerchantCopies, define_merchants_table


def snapshot(status: str = "active", name: str = "海口椰风超市") -> dict:
    return {
        "merchant_id": "m1",
        "legal_name": name,
        "partner_type": "discount_partner",
        "status": status,
        "region": "460100",
        "categories": ["groceries"],
        "stores": [{"id": "s1", "name": "龙华店", "region": "460100", "address": "龙华路1号"}],
    }


def event(event_type: str, status: str = "active", shift: float = 0, **kw):
    e = new_event(event_type, "m1", snapshot(status, **kw), producer="merchant")
    return replace(e, occurred_at=e.occurred_at + timedelta(seconds=shift))


@pytest.fixture
def copies(database_url):
    metadata = MetaData()
    table = define_merchants_table(metadata)
    engine = create_engine(database_url)
    metadata.create_all(engine)
    yield MerchantCopies(table), sessionmaker(engine)
    engine.dispose()


def test_snapshots_apply_in_time_order_whatever_order_they_arrive_in(copies):
    repo, sessions = copies
    changed = []
    handlers = repo.handlers(on_change=lambda session, merchant: changed.append(merchant.status))
    approved = event("merchant.approved")
    suspended = event("merchant.suspended", "suspended", shift=10)
    for e in (approved, suspended, approved):  # the approval comes again, late
        with sessions.begin() as session:
            handlers[e.type](session, e)
    with sessions() as session:
        held = repo.get(session, "m1")
    assert held.status == "suspended" and held.snapshot_at == suspended.occurred_at
    assert held.stores["s1"].address == "龙华路1号"
    assert changed == ["active", "suspended"]  # the late one changed nothing and said so


def test_a_redelivered_snapshot_is_applied_again_harmlessly(copies):
    repo, sessions = copies
    renamed = event("merchant.updated", name="海口椰风超市（新）")
    for _ in range(2):
        with sessions.begin() as session:
            assert repo.apply(session, renamed) is not None
    with sessions() as session:
        assert repo.get(session, "m1").legal_name == "海口椰风超市（新）"
