"""The claim path while Redis or PostgreSQL is away: 503 with Retry-After, slots given back."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from services.voucher.adapters.orm import vouchers
from services.voucher.app import create_app
from shared.migrations import upgrade
from tests.outages.conftest import assert_unavailable, recovers
from tests.support import callers
from tests.voucher.conftest import MIGRATIONS, Clock, campaign_body, claim


@pytest.fixture
def voucher(gated_config, pg_database):
    upgrade(pg_database, MIGRATIONS)
    app = create_app({**gated_config, "now": Clock()})
    yield app
    app.extensions["mall_infra"].engine.dispose()


def _campaign(client, quantity: int) -> dict:
    body = campaign_body(Clock(), quantity=quantity, budget=quantity * 2000, per_member_limit=1)
    campaign = client.post("/api/v1/ops/campaigns", json=body, headers=callers.ops()).get_json()
    resp = client.post(f"/api/v1/ops/campaigns/{campaign['id']}/publish", headers=callers.ops())
    assert resp.status_code == 200, resp.get_json()
    return campaign


def _held(app, campaign_id: str) -> int:
    with app.extensions["mall_infra"].session_factory() as s:
        return s.execute(
            select(func.count()).where(vouchers.c.campaign_id == campaign_id)
        ).scalar_one()


def test_claims_while_redis_is_away_are_503_and_claims_resume_after(voucher, redis_gate):
    client = voucher.test_client()
    campaign = _campaign(client, quantity=5)
    assert claim(client, campaign["id"], "m-1").status_code == 201
    redis_gate.cut()
    for member in ("m-2", "m-3"):
        assert_unavailable(claim(client, campaign["id"], member))
    assert_unavailable(claim(client, campaign["id"], "m-4", key="k-4"))  # idempotency in Redis
    # Reads of the database alone go on.
    assert client.get("/api/v1/me/vouchers", headers=callers.member("m-1")).status_code == 200
    redis_gate.restore()
    recovers(lambda: claim(client, campaign["id"], "m-2"), 201)
    gate = voucher.extensions["mall_context"].gate
    assert gate.stock(campaign["id"]) == 5 - _held(voucher, campaign["id"]) == 3


def test_claims_while_the_database_is_away_are_503_and_give_their_slot_back(voucher, pg_gate):
    client = voucher.test_client()
    campaign = _campaign(client, quantity=5)
    assert claim(client, campaign["id"], "m-1").status_code == 201
    pg_gate.cut()
    for member in ("m-2", "m-3"):
        assert_unavailable(claim(client, campaign["id"], member))
    assert_unavailable(claim(client, campaign["id"], "m-4", key="k-4"))
    assert_unavailable(client.get("/api/v1/me/vouchers", headers=callers.member("m-1")))
    assert_unavailable(client.get("/api/v1/ops/campaigns", headers=callers.ops()))
    pg_gate.restore()
    recovers(lambda: claim(client, campaign["id"], "m-2"), 201)
    # Nothing the outage took is lost: every slot is either in the database or free again,
    # and the members refused meanwhile can claim.
    gate = voucher.extensions["mall_context"].gate
    assert gate.stock(campaign["id"]) == 5 - _held(voucher, campaign["id"]) == 3
    assert claim(client, campaign["id"], "m-3").status_code == 201
    retried = claim(client, campaign["id"], "m-4", key="k-4")  # the key was freed, not stuck
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried.headers
    assert claim(client, campaign["id"], "m-5").status_code == 201
    assert claim(client, campaign["id"], "m-6").get_json()["code"] == "sold_out"
