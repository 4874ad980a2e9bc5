"""The campaign and redemption rules the document states are the ones the service applies."""

from __future__ import annotations

from datetime import timedelta

import jsonschema
import pytest

from services.voucher.entrypoints.http.redemption_schemas import RedemptionIn
from services.voucher.entrypoints.http.schemas import BENEFIT_SHAPES, CampaignIn
from tests.support import callers
from tests.voucher.conftest import campaign_body

UNSET = object()


def documented(rule: dict, body: dict) -> bool:
    return jsonschema.Draft4Validator(rule).is_valid(body)


@pytest.mark.parametrize(
    ("valid_days", "valid_from", "valid_until"),
    [
        (30, UNSET, UNSET),
        (30, None, None),
        (UNSET, 1, 20),
        (None, 1, 20),
        (30, 1, 20),
        (UNSET, UNSET, UNSET),
        (None, UNSET, UNSET),
        (UNSET, 1, UNSET),
        (UNSET, UNSET, 20),
    ],
)
def test_the_documented_validity_rule_is_the_services(
    client, clock, valid_days, valid_from, valid_until
):
    body = campaign_body(clock)
    body.pop("valid_days")
    for name, value in (("valid_days", valid_days), ("valid_from", valid_from),
                        ("valid_until", valid_until)):  # fmt: skip
        if value is UNSET:
            continue
        if isinstance(value, int) and name != "valid_days":
            value = (clock.now + timedelta(days=value)).isoformat()
        body[name] = value
    resp = client.post("/api/v1/ops/campaigns", json=body, headers=callers.ops())
    assert resp.status_code in (201, 422), resp.get_json()
    assert documented(CampaignIn.Meta.openapi, body) == (resp.status_code == 201), body


@pytest.mark.parametrize(
    "benefit",
    [
        {"type": "amount_off", "amount_off": 2000, "threshold": 10000},
        {"type": "amount_off", "amount_off": 0},
        {"type": "amount_off"},
        {"type": "percent_off", "percent": 10, "cap": 2000},
        {"type": "percent_off", "percent": 0, "cap": 2000},
        {"type": "percent_off", "percent": 10},
        {"type": "percent_off", "cap": 2000},
    ],
)
def test_the_documented_benefit_shapes_are_the_services(client, clock, benefit):
    body = campaign_body(clock, benefit=benefit, subsidy=100, budget=10_000)
    resp = client.post("/api/v1/ops/campaigns", json=body, headers=callers.ops())
    assert resp.status_code in (201, 422), resp.get_json()
    shapes = {"oneOf": BENEFIT_SHAPES["oneOf"]}
    assert documented(shapes, benefit) == (resp.status_code == 201), benefit


@pytest.mark.parametrize(
    ("extra", "accepted"),
    [({"channel": "online"}, True), ({"channel": "offline"}, False),
     ({"channel": "offline", "store_id": "s1"}, True)],
)  # fmt: skip
def test_the_documented_offline_rule_is_the_schemas(extra, accepted):
    body = {"code": "c", "order_amount": 100, **extra}
    assert documented(RedemptionIn.Meta.openapi, body) == accepted
    assert (not RedemptionIn().validate(body)) == accepted
