"""A small client for the end-to-end tests: the mall through its gateway, as each kind of caller."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import requests

from services.merchant.entrypoints import sms_outbox
from tests.gateway.helpers import token

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(region: str = "460100") -> str:
    """A valid unified social credit code (GB 32100-2015) registered in `region`."""
    body = "91" + region + uuid.uuid4().int.__str__()[:9]
    body = "".join(c if c in ALPHABET else "1" for c in body)[:17]
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return body + ALPHABET[(31 - total % 31) % 31]


def application(region: str = "460100", partner_type: str = "discount_partner") -> dict:
    return {
        "legal_name": f"海口椰风水果店 {uuid.uuid4().hex[:6]}",
        "credit_code": credit_code(region),
        "partner_type": partner_type,
        "contact_name": "王芳",
        "contact_mobile": "13800138000",
        "region": region,
        "categories": ["tropical-fruit"],
        "stores": [{"name": "龙华店", "address": "海口市龙华区1号", "region": region}],
        "discount_percent": 20,
    }


def campaign(merchant_id: str) -> dict:
    now = datetime.now(UTC)
    return {
        "name": "暖心椰子券",
        "benefit": {"type": "amount_off", "threshold": 1000, "amount_off": 300},
        "subsidy": 300,
        "quantity": 100,
        "budget": 30000,
        "per_member_limit": 1,
        "segments": ["regular"],
        "scope": {"merchant_ids": [merchant_id]},
        "claim_starts_at": (now - timedelta(minutes=1)).isoformat(),
        "claim_ends_at": (now + timedelta(days=1)).isoformat(),
        "valid_days": 30,
    }


class Caller:
    """Calls the gateway with one caller's credentials."""

    def __init__(self, base: str, headers: dict | None = None) -> None:
        self.base = base
        self.session = requests.Session()
        self.session.headers.update(headers or {})

    def __call__(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 15)
        return self.session.request(method, self.base + path, **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self("POST", path, **kwargs)


def member(base: str, sub: str, segments=("regular",), region="460100") -> Caller:
    tok = token("member", sub, segments=list(segments), region=region)
    return Caller(base, {"Authorization": f"Bearer {tok}"})


def ops(base: str) -> Caller:
    return Caller(base, {"Authorization": f"Bearer {token('ops', 'ops-e2e', segments=[])}"})


def merchant(base: str, api_key: str) -> Caller:
    return Caller(base, {"X-Api-Key": api_key})


def first_key(mall, merchant_id: str) -> str:
    """Open the key link sent to the contact on approval, as they would; return the key.

    The SMS gateway's stand-in reads the link from the mall's merchant database."""
    tokens = sms_outbox.read_tokens(
        [merchant_id], {"database_url": mall.env["MERCHANT_DATABASE_URL"]}
    )
    opened = Caller(mall.gateway).post(
        "/api/v1/merchant-key-retrievals", json={"token": tokens[merchant_id]}
    )
    assert opened.status_code == 201, (opened.status_code, opened.text[:300])
    return opened.json()["api_key"]
