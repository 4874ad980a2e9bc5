"""Read the link the SMS gateway would send a merchant's contact (tests stand in for it)."""

from __future__ import annotations

from services.merchant.adapters.key_link_repo import KeyLinkRepo, message_cipher


def sent_messages(client, merchant_id: str) -> list[dict]:
    app = client.application
    deps = app.extensions["mall_context"]
    with app.extensions["mall_infra"].session_factory() as session:
        found = KeyLinkRepo(session).unsent_messages(message_cipher(deps.settings.api_key_pepper))
    return [m for m in found if m["merchant_id"] == merchant_id]


def sent_link_token(client, merchant_id: str) -> str:
    """The token of the latest link sent to this merchant's contact (after `#`)."""
    return sent_messages(client, merchant_id)[-1]["body"].split("#", 1)[1].split(" ", 1)[0]
