"""How a merchant's stores are shown: plain data, to people in full, to consumers in part."""

from __future__ import annotations

from services.merchant.domain.merchant import Merchant
from services.merchant.domain.store import Store
from services.merchant.service_layer import views
from tests.unit.merchant.helpers import a_merchant

STORE = Store("s-1", "龙华店", "海口市龙华路 1 号", "460100", 20.03, None)


def merchant() -> Merchant:
    return a_merchant(stores=[STORE])


def test_the_merchant_ops_and_the_public_see_every_detail_of_a_store():
    shown = {
        "id": "s-1", "name": "龙华店", "address": "海口市龙华路 1 号", "region": "460100",
        "latitude": 20.03, "longitude": None,
    }  # fmt: skip
    assert views.private_view(merchant())["stores"] == [shown]
    assert views.public_view(merchant())["stores"] == [shown]
    assert "contact_mobile" not in views.public_view(merchant())


def test_the_event_names_a_stores_id_name_region_and_address_only():
    data = views.event_data(merchant(), reason="Complaints.")
    assert data["stores"] == [
        {"id": "s-1", "name": "龙华店", "region": "460100", "address": "海口市龙华路 1 号"}
    ]
    assert (data["merchant_id"], data["reason"], data["categories"]) == (
        "m-1", "Complaints.", ["groceries"],
    )  # fmt: skip
