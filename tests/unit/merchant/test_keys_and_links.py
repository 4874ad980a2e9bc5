"""API keys as stored, and the one-time key links (and their messages) that hand them out."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.merchant.domain import credentials
from services.merchant.domain.api_key import ApiKey
from services.merchant.domain.errors import InvalidTransition, KeyLinkInvalid
from services.merchant.domain.key_link import ContactMessage, KeyLink
from services.merchant.entrypoints import sms_outbox
from tests.unit.merchant.helpers import NOW, a_merchant

DAY = timedelta(hours=24)
PEPPER = "test-pepper"
PLAIN = "mk_live_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"


def a_key() -> ApiKey:
    return ApiKey.of(PLAIN, PEPPER, id="k-1", merchant_id="m-1", now=NOW)


def test_a_key_is_kept_as_its_peppered_hmac_and_display_prefix_only():
    key = a_key()
    assert key.key_hash == credentials.digest(PEPPER, PLAIN)
    assert key.prefix == "mk_live_abcd" and PLAIN not in repr(key)
    assert (key.created_at, key.revoked_at, key.active) == (NOW, None, True)


def test_a_revoked_key_stays_revoked():
    revoked = a_key().revoke(NOW + DAY)
    assert revoked.revoked_at == NOW + DAY and not revoked.active
    with pytest.raises(InvalidTransition):
        revoked.revoke(NOW + 2 * DAY)


def a_link() -> KeyLink:
    return KeyLink.requested(
        "kl_tok", PEPPER, id="l-1", merchant_id="m-1", by="ops-wang", now=NOW, ttl=DAY
    )


def test_a_link_keeps_only_its_tokens_hmac_and_who_asked_when():
    link = a_link()
    assert link.token_hash == credentials.digest(PEPPER, "kl_tok") and "kl_tok" not in repr(link)
    assert (link.requested_at, link.requested_by, link.used_at) == (NOW, "ops-wang", None)


def test_a_link_works_from_its_request_until_it_expires():
    link = a_link()
    assert link.expires_at == NOW + DAY
    assert link.is_open(NOW) and link.is_open(NOW + DAY - timedelta(seconds=1))
    assert not link.is_open(NOW + DAY)


def test_a_link_is_used_once():
    used = a_link().use(NOW + timedelta(hours=1))
    assert used.used_at == NOW + timedelta(hours=1) and not used.is_open(NOW + timedelta(hours=1))
    with pytest.raises(KeyLinkInvalid):
        used.use(NOW + timedelta(hours=2))


def test_an_expired_link_cannot_be_used():
    with pytest.raises(KeyLinkInvalid):
        a_link().use(NOW + DAY)


def test_a_retired_link_expires_at_once_and_a_spent_one_is_left_as_it_was():
    later = NOW + timedelta(hours=1)
    retired = a_link().retire(later)
    assert retired.expires_at == later and retired.used_at is None
    with pytest.raises(KeyLinkInvalid):
        retired.use(later)
    used = a_link().use(later)
    assert used.retire(later + timedelta(hours=1)) == used


def test_the_message_carries_the_link_after_the_hash_to_the_contact_mobile():
    message = ContactMessage.key_link(
        "c-1", a_merchant(), "http://localhost:8090/merchant/key#", "kl_tok", 24, NOW
    )
    assert (message.merchant_id, message.recipient, message.created_at) == (
        "m-1", "13800000000", NOW,
    )  # fmt: skip
    assert message.body == (
        "【职工普惠商城】海南椰子铺的新 API 密钥: http://localhost:8090/merchant/key#kl_tok"
        " (一次有效, 24 小时内)"
    )
    assert sms_outbox.link_token(message.body) == "kl_tok"  # what the SMS stand-in reads back
