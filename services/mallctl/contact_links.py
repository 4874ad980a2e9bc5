"""Demo partners get their API keys as real ones do: by opening the link sent to their contact.

Which link each contact got comes from the SMS gateway's development stand-in,
`python -m services.merchant.entrypoints.sms_outbox` (run with this process's environment: the
merchant service's database and pepper; it refuses to run in production). mallctl imports no
service, so it runs that command; the link itself is opened through the gateway.
"""

from __future__ import annotations

from services.mallctl.client import Gateway
from services.mallctl.service_commands import run_json

RETRIEVE = "/api/v1/merchant-key-retrievals"


def sent_tokens(merchant_ids: list[str]) -> dict[str, str]:
    """merchant id -> the token of the latest key link sent to its contact."""
    if not merchant_ids:
        return {}
    return run_json("services.merchant.entrypoints.sms_outbox", *merchant_ids)


def open_link(gw: Gateway, token: str | None) -> str | None:
    """Open one link as the contact would; the key, or None if the link no longer works."""
    if not token:
        return None
    resp = gw.request("POST", RETRIEVE, json={"token": token}, as_ops=False, ok=(404,))
    return resp.json()["api_key"] if resp.status_code == 201 else None


def resend(gw: Gateway, merchant_id: str) -> None:
    """Ops send a new link (an earlier run spent the first one and lost the key)."""
    gw.request("POST", f"/api/v1/ops/merchants/{merchant_id}/api-keys")
