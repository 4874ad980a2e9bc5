"""Fixtures for the catalog suite: a migrated database, the app, and merchant events."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from services.catalog.app import create_app
from services.catalog.bootstrap import migrate
from services.catalog.entrypoints.consumer import CONSUMER
from shared.events import Event, new_event
from tests.support import callers

HAIKOU, SANYA = "460100", "460200"


def visitor() -> dict:
    """An anonymous caller; shared's callers.anonymous() signs sub=None, which PyJWT refuses."""
    return callers.headers_for("anonymous", "visitor", (), None)


def snapshot(merchant_id: str, status: str = "active", stores: list | None = None, **extra) -> dict:
    """A MerchantSnapshot as the merchant service publishes it."""
    if stores is None:
        stores = [
            {"id": f"{merchant_id}-s1", "name": "海口店", "region": HAIKOU, "address": "龙华路1号"},
            {"id": f"{merchant_id}-s2", "name": "三亚店", "region": SANYA, "address": ""},
        ]
    data = {
        "merchant_id": merchant_id,
        "legal_name": f"海南{merchant_id}有限公司",
        "partner_type": "discount_partner",
        "status": status,
        "region": HAIKOU,
        "categories": ["groceries"],
        "stores": stores,
    }
    data.update(extra)
    return data


def merchant_event(event_type: str, merchant_id: str, **kwargs) -> Event:
    return new_event(event_type, merchant_id, snapshot(merchant_id, **kwargs), producer="merchant")


def product_body(**overrides) -> dict:
    body = {
        "name": "海南椰子水",
        "name_en": "Hainan coconut water",
        "description": "会员价 member price",
        "kind": "goods",
        "category": "snacks-drinks",
        "list_price": 1200,
        "member_price": 990,
        "stock": 100,
        "online": True,
        "store_ids": [],
        "images": ["https://img.example.cn/coconut.jpg"],
        "status": "published",
    }
    body.update(overrides)
    return body


@dataclass
class Catalog:
    """The app under test and shortcuts for the calls tests make most."""

    app: Flask
    client: FlaskClient

    @property
    def infra(self):
        return self.app.extensions["mall_infra"]

    def apply(self, *events: Event) -> dict:
        """Run merchant events through the consumer's real handlers (no Kafka)."""
        return self.app.extensions["mall_appliers"][CONSUMER].apply(list(events))

    def merchant(self, merchant_id: str | None = None, **kwargs) -> str:
        merchant_id = merchant_id or f"M{uuid.uuid4().hex[:8]}"
        self.apply(merchant_event("merchant.approved", merchant_id, **kwargs))
        return merchant_id

    def create(self, merchant_id: str, **overrides) -> dict:
        resp = self.client.post(
            "/api/v1/merchant/products",
            json=product_body(**overrides),
            headers=callers.merchant(merchant_id),
        )
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()

    def browse(self, **params) -> dict:
        resp = self.client.get("/api/v1/products", query_string=params, headers=visitor())
        assert resp.status_code == 200, resp.get_json()
        return resp.get_json()

    def names(self, **params) -> list[str]:
        return [p["name"] for p in self.browse(**params)["items"]]


@pytest.fixture
def catalog(service_config) -> Catalog:
    migrate(service_config["database_url"])
    app = create_app(service_config)
    yield Catalog(app, app.test_client())
    app.extensions["mall_infra"].engine.dispose()
