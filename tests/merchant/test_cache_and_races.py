"""Key verification really uses Redis; races on the same code or key stay correct."""

from __future__ import annotations

import threading

from sqlalchemy import update

from services.merchant.adapters.key_cache import KeyCache
from services.merchant.adapters.orm import merchants
from services.merchant.adapters.redis_keys import key_tombstone, key_verification
from services.merchant.domain import credentials
from tests.merchant.helpers import BASE, anonymous, application, approved_merchant, verify
from tests.support import callers


def test_verification_answers_from_redis_until_invalidated(app, client):
    mid, key = approved_merchant(client)
    assert verify(client, key).status_code == 200
    infra = app.extensions["mall_infra"]
    # Change the row behind the service's back: the cached answer still stands...
    with infra.engine.begin() as conn:
        conn.execute(update(merchants).where(merchants.c.id == mid).values(status="suspended"))
    assert verify(client, key).status_code == 200
    # ...until a real state change through the service drops it.
    with infra.engine.begin() as conn:
        conn.execute(update(merchants).where(merchants.c.id == mid).values(status="active"))
    client.post(
        f"{BASE}/ops/merchants/{mid}/suspend", json={"reason": "核查"}, headers=callers.ops()
    )
    assert verify(client, key).status_code == 403


def test_cache_write_racing_an_invalidation_is_dropped(redis_client):
    cache = KeyCache(redis_client, ttl=60)
    key_hash = credentials.digest("pepper", credentials.new_api_key())
    cache.invalidate([key_hash])  # an invalidation just happened
    cache.put(key_hash, {"outcome": "active", "merchant_id": "m", "partner_type": "x"})
    assert redis_client.get(key_verification(key_hash)) is None
    redis_client.delete(key_tombstone(key_hash))
    cache.put(key_hash, {"outcome": "active", "merchant_id": "m", "partner_type": "x"})
    assert cache.get(key_hash)["merchant_id"] == "m"
    assert 0 < redis_client.ttl(key_verification(key_hash)) <= 60


def test_simultaneous_approvals_of_rival_applications_yield_one_merchant(app, client):
    body = application()
    ids = [
        client.post(f"{BASE}/merchant-applications", json=body, headers=anonymous()).get_json()[
            "id"
        ]
        for _ in range(3)
    ]
    results: list[int] = []
    barrier = threading.Barrier(3)

    def approve(app_id: str) -> None:
        c = app.test_client()
        barrier.wait()
        resp = c.post(
            f"{BASE}/ops/merchant-applications/{app_id}/approve", json={}, headers=callers.ops()
        )
        results.append(resp.status_code)

    threads = [threading.Thread(target=approve, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == [201, 409, 409]
    listed = client.get(f"{BASE}/ops/merchants", headers=callers.ops()).get_json()
    assert len(listed["items"]) == 1


def test_simultaneous_approvals_create_one_merchant(app, client):
    app_id = client.post(
        f"{BASE}/merchant-applications", json=application(), headers=anonymous()
    ).get_json()["id"]
    results: list[int] = []
    barrier = threading.Barrier(3)

    def approve() -> None:
        c = app.test_client()
        barrier.wait()
        resp = c.post(
            f"{BASE}/ops/merchant-applications/{app_id}/approve", json={}, headers=callers.ops()
        )
        results.append(resp.status_code)

    threads = [threading.Thread(target=approve) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == [201, 409, 409]
    listed = client.get(f"{BASE}/ops/merchants", headers=callers.ops()).get_json()
    assert len(listed["items"]) == 1


def test_openapi_document_lists_the_endpoints(client):
    doc = client.get("/openapi.json").get_json()
    for path in (
        "/api/v1/merchant-applications",
        "/api/v1/ops/merchant-applications/{application_id}/approve",
        "/internal/v1/api-keys/verify",
        "/api/v1/merchant/api-keys/current",
    ):
        assert path in doc["paths"]
