"""Builders for the merchant tests: valid credit codes, application bodies, approved merchants."""

from __future__ import annotations

import random

from shared.reference.credit_codes import ALPHABET, check_character
from tests.merchant.key_link_helpers import sent_link_token
from tests.support import callers
from tests.support.callers import anonymous
from tests.support.races import together

BASE = "/api/v1"


def credit_code(division: str = "460100", rng: random.Random | None = None) -> str:
    """A fresh code with a correct check character (91 = enterprise, then the division)."""
    rng = rng or random.Random()
    body = "91" + division + "".join(rng.choice(ALPHABET) for _ in range(9))
    return body + check_character(body)


def application(**overrides: object) -> dict:
    body = {
        "legal_name": "海口椰风生鲜有限公司",
        "credit_code": credit_code(),
        "partner_type": "discount_partner",
        "contact_name": "王芳",
        "contact_mobile": "13876543210",
        "region": "460100",
        "categories": ["groceries", "tropical-fruit"],
        "stores": [
            {
                "name": "龙华店",
                "address": "海口市龙华区滨海大道1号",
                "region": "460100",
                "latitude": 20.03,
                "longitude": 110.32,
            },
        ],
        "discount_percent": 15,
    }
    body.update(overrides)
    return body


def submit(client, **overrides: object) -> dict:
    resp = client.post(
        f"{BASE}/merchant-applications", json=application(**overrides), headers=anonymous()
    )
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def approve(client, application_id: str) -> dict:
    resp = client.post(
        f"{BASE}/ops/merchant-applications/{application_id}/approve", json={}, headers=callers.ops()
    )
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def approved_merchant(client, **overrides: object) -> tuple[str, str]:
    """Submit and approve, then open the contact's key link; return (merchant id, API key)."""
    approval = approve(client, submit(client, **overrides)["id"])
    merchant_id = approval["merchant"]["id"]
    return merchant_id, first_key(client, merchant_id)


def first_key(client, merchant_id: str) -> str:
    """The key the contact gets by opening the link sent to them on approval."""
    opened = client.post(
        f"{BASE}/merchant-key-retrievals",
        json={"token": sent_link_token(client, merchant_id)},
        headers=anonymous(),
    )
    assert opened.status_code == 201, opened.get_json()
    return opened.get_json()["api_key"]


def verify(client, api_key: str):
    return client.post(
        "/internal/v1/api-keys/verify",
        json={"api_key": api_key},
        headers=callers.headers_for("system", "gateway", (), None),
    )


def at_once(app, calls: dict) -> dict[str, int]:
    """Send each call (given a test client) from its own thread, all released together; their
    statuses by name."""
    clients = {name: app.test_client() for name in calls}
    answers = together({name: lambda n=name: calls[n](clients[n]) for name in calls})
    return {name: answer.status_code for name, answer in answers.items()}
