"""The envelope refuses what is not a well-formed, known event."""

from __future__ import annotations

import json

import pytest

from shared.events import InvalidEvent, new_event, parse_event


def snapshot(merchant_id: str) -> dict:
    """Event data for a merchant.* event."""
    return {
        "merchant_id": merchant_id,
        "legal_name": "海南椰子铺",
        "partner_type": "discount_partner",
        "status": "active",
        "region": "460100",
    }


def valid_envelope() -> dict:
    return new_event("merchant.approved", "m1", snapshot("m1"), producer="merchant").to_dict()


def test_event_round_trips_through_json():
    event = new_event(
        "merchant.approved", "m1", snapshot("m1"), producer="merchant", request_id="req-1"
    )
    parsed = parse_event(event.to_json())
    assert parsed == event
    assert set(json.loads(event.to_json())) == {
        "id",
        "type",
        "version",
        "occurred_at",
        "producer",
        "aggregate_id",
        "request_id",
        "data",
    }


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"not json at all", "not JSON"),
        (b"[1, 2, 3]", "JSON object"),
        (b"\xff\xfe", "not JSON"),
    ],
)
def test_non_json_messages_are_refused(raw, reason):
    with pytest.raises(InvalidEvent, match=reason):
        parse_event(raw)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": "not-a-uuid"}, "id"),
        ({"version": "1"}, "version"),
        ({"version": 0}, "version"),
        ({"occurred_at": "2026-11-28T10:00:00"}, "occurred_at"),  # no timezone
        ({"data": "x"}, "data"),
        ({"type": ""}, "type"),
    ],
)
def test_malformed_envelopes_are_refused_naming_the_field(change, field):
    env = {**valid_envelope(), **change}
    with pytest.raises(InvalidEvent, match=f"malformed envelope.*{field}"):
        parse_event(json.dumps(env))


@pytest.mark.parametrize(
    "missing", ["id", "type", "version", "occurred_at", "producer", "aggregate_id", "data"]
)
def test_envelopes_missing_a_field_are_refused(missing):
    env = valid_envelope()
    del env[missing]
    with pytest.raises(InvalidEvent, match=missing):
        parse_event(json.dumps(env))


def test_unknown_event_types_and_versions_are_refused():
    env = {**valid_envelope(), "type": "merchant.teleported"}
    with pytest.raises(InvalidEvent, match="unknown event type 'merchant.teleported'"):
        parse_event(json.dumps(env))
    env = {**valid_envelope(), "version": 99}
    with pytest.raises(InvalidEvent, match="version 99"):
        parse_event(json.dumps(env))


def test_data_that_breaks_the_type_schema_is_refused():
    env = valid_envelope()
    env["data"]["partner_type"] = "pirate"
    with pytest.raises(InvalidEvent, match="partner_type"):
        parse_event(json.dumps(env))


def test_building_an_event_checks_its_data():
    with pytest.raises(InvalidEvent, match="merchant_id"):
        new_event("merchant.suspended", "m1", {"status": "suspended"}, producer="merchant")
    with pytest.raises(InvalidEvent, match="unknown event type"):
        new_event("nope.nothing", "m1", {}, producer="merchant")
