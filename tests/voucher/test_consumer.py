"""Merchant standing reaches the voucher service through merchant.events on Kafka."""

from __future__ import annotations

from services.voucher.entrypoints.consumer import CONSUMER, TOPICS, handlers
from shared.events.envelope import new_event
from shared.messaging.kafka import make_producer
from tests.support import callers
from tests.support.kafka import wait_until
from tests.voucher.conftest import claim, merchant_snapshot
from tests.voucher.test_redemption import redeem


def _publish(infra, event_type: str, **overrides) -> None:
    event = new_event(event_type, "mer-1", merchant_snapshot(**overrides), producer="merchant")
    producer = make_producer(infra.settings.kafka_bootstrap, "test-merchant")
    producer.send(infra.settings.topic("merchant.events"), key="mer-1", value=event.to_json()).get(
        timeout=10
    )
    producer.close()


def test_merchant_events_from_kafka_decide_who_may_redeem(app, client, make_campaign, infra):
    infra.ensure_topics(TOPICS)
    runner = infra.consumer(
        CONSUMER, TOPICS, handlers(app.extensions["mall_context"]), session_timeout_ms=6000
    )
    code = claim(client, make_campaign()["id"]).get_json()["code"]
    try:
        _publish(infra, "merchant.approved")
        _publish(infra, "merchant.suspended", status="suspended", reason="audit")

        def refused_as_suspended():
            runner.poll_once(timeout_ms=500)
            return redeem(client, code).get_json().get("code") == "merchant_suspended"

        assert wait_until(refused_as_suspended, timeout=60)
        _publish(infra, "merchant.reinstated")

        def redeemed():
            runner.poll_once(timeout_ms=500)
            return redeem(client, code).status_code == 201

        assert wait_until(redeemed, timeout=60)
    finally:
        runner.close()


def test_openapi_document_lists_the_voucher_endpoints(client):
    doc = client.get("/openapi.json").get_json()
    for path in (
        "/api/v1/campaigns",
        "/api/v1/campaigns/{campaign_id}/claims",
        "/api/v1/me/vouchers",
        "/api/v1/merchant/redemptions",
        "/api/v1/merchant/redemptions/{redemption_id}/reversal",
        "/api/v1/ops/settlements",
        "/api/v1/ops/kpis/vouchers",
        "/api/v1/ops/voucher-gate/rebuild",
    ):
        assert path in doc["paths"], path
    assert client.get("/readyz").status_code == 200
    assert client.get("/api/v1/campaigns").status_code == 401  # no internal token: no entry
    assert client.get("/api/v1/ops/dead-letters", headers=callers.ops()).status_code == 200
