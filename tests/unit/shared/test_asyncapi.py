"""docs/asyncapi.yaml documents exactly the events the code registers."""

from __future__ import annotations

from pathlib import Path

import yaml

import shared.events  # noqa: F401  (registers every contract)
from shared.events import registry
from shared.events.asyncapi import render

REPO = Path(__file__).resolve().parents[3]

REQUIRED_BY_THE_CONTRACT = {
    "merchant.approved",
    "merchant.rejected",
    "merchant.suspended",
    "merchant.reinstated",
    "merchant.updated",
    "product.published",
    "product.updated",
    "product.withdrawn",
    "campaign.published",
    "campaign.closed",
    "voucher.claimed",
    "voucher.redeemed",
    "voucher.reversed",
    "voucher.expired",
}


def test_the_committed_asyncapi_file_matches_the_registered_contracts():
    committed = (REPO / "docs" / "asyncapi.yaml").read_text()
    assert committed == render(), (
        "regenerate: python -m shared.events.asyncapi > docs/asyncapi.yaml"
    )


def test_every_event_the_api_contract_names_is_registered_and_documented():
    doc = yaml.safe_load((REPO / "docs" / "asyncapi.yaml").read_text())
    documented = {m["name"] for m in doc["components"]["messages"].values()}
    assert set(registry.known_types()) >= REQUIRED_BY_THE_CONTRACT
    assert documented >= REQUIRED_BY_THE_CONTRACT
    assert set(doc["channels"]) == {"merchant.events", "catalog.events", "voucher.events"}
