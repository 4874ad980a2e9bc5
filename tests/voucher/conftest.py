"""Fixtures of the voucher suite: a migrated database, the app with a settable clock, helpers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from services.voucher.app import create_app
from services.voucher.entrypoints.consumer import CONSUMER
from shared.events.envelope import new_event
from shared.migrations import upgrade
from tests.support import callers

MIGRATIONS = Path(__file__).resolve().parents[2] / "services" / "voucher" / "migrations"


class Clock:
    """A clock the test moves by hand (starts at the real time); `ticks` is its monotonic face."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)
        self._started = self.now

    def __call__(self) -> datetime:
        return self.now

    def ticks(self) -> float:
        return 1_000.0 + (self.now - self._started).total_seconds()

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(service_config, clock):
    upgrade(service_config["database_url"], MIGRATIONS)
    application = create_app({**service_config, "now": clock, "ticks": clock.ticks})
    yield application
    application.extensions["mall_infra"].engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def infra(app):
    return app.extensions["mall_infra"]


def campaign_body(clock: Clock, **overrides) -> dict:
    """A sound 满减 campaign: 20 yuan off from 100 yuan, open now, valid 30 days."""
    body = {
        "name": "暖心留工 holiday retention",
        "benefit": {"type": "amount_off", "threshold": 10000, "amount_off": 2000},
        "subsidy": 2000,
        "quantity": 100,
        "budget": 200000,
        "per_member_limit": 1,
        "claim_starts_at": (clock.now - timedelta(hours=1)).isoformat(),
        "claim_ends_at": (clock.now + timedelta(days=7)).isoformat(),
        "valid_days": 30,
    }
    body.update(overrides)
    return body


@pytest.fixture
def make_campaign(client, clock):
    """Create (and by default publish) a campaign through the ops API; return its JSON."""

    def make(publish: bool = True, **overrides) -> dict:
        resp = client.post(
            "/api/v1/ops/campaigns", json=campaign_body(clock, **overrides), headers=callers.ops()
        )
        assert resp.status_code == 201, resp.get_json()
        campaign = resp.get_json()
        if publish:
            resp = client.post(
                f"/api/v1/ops/campaigns/{campaign['id']}/publish", headers=callers.ops()
            )
            assert resp.status_code == 200, resp.get_json()
            campaign = resp.get_json()
        return campaign

    return make


def merchant_snapshot(merchant_id: str = "mer-1", **overrides) -> dict:
    data = {
        "merchant_id": merchant_id,
        "legal_name": "海口椰风超市有限公司",
        "partner_type": "discount_partner",
        "status": "active",
        "region": "460100",
        "categories": ["groceries"],
        "stores": [{"id": f"{merchant_id}-s1", "name": "龙华店", "region": "460100"}],
    }
    data.update(overrides)
    return data


@pytest.fixture
def apply_merchant(app):
    """Apply a merchant.* event through the service's own consumer handlers."""
    applier = app.extensions["mall_appliers"][CONSUMER]

    def apply(event_type: str = "merchant.approved", merchant_id: str = "mer-1", **overrides):
        event = new_event(
            event_type,
            merchant_id,
            merchant_snapshot(merchant_id, **overrides),
            producer="merchant",
        )
        outcome = applier.apply([event])[event.id]
        assert outcome == "applied", outcome
        return event

    return apply


def claim(client, campaign_id: str, member: str = "m-1", key: str | None = None, **who):
    headers = callers.member(member, **who)
    if key:
        headers["Idempotency-Key"] = key
    return client.post(f"/api/v1/campaigns/{campaign_id}/claims", headers=headers)
