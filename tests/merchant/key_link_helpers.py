"""Read the link the SMS gateway would send a merchant's contact, through its stand-in."""

from __future__ import annotations

from services.merchant.entrypoints import sms_outbox


def sent_messages(client, merchant_id: str) -> list[dict]:
    app = client.application
    pepper = app.extensions["mall_context"].settings.api_key_pepper
    with app.extensions["mall_infra"].session_factory() as session:
        return sms_outbox.messages(session, pepper, [merchant_id])


def sent_link_token(client, merchant_id: str) -> str:
    """The token of the latest link sent to this merchant's contact (after `#`)."""
    return sms_outbox.link_token(sent_messages(client, merchant_id)[-1]["body"])
