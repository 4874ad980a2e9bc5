"""The SMS gateway's development stand-in: what it reads, and that production never runs it."""

from __future__ import annotations

import pytest

from services.merchant.entrypoints import sms_outbox


def test_the_token_is_what_follows_the_hash_of_the_link():
    body = "【职工普惠商城】某公司的新 API 密钥: http://localhost:8090/merchant/key#kl_abc-1_Z (一次有效)"
    assert sms_outbox.link_token(body) == "kl_abc-1_Z"


def test_it_refuses_to_run_in_production(monkeypatch, capsys):
    monkeypatch.setenv("MALL_ENV", "production")
    assert sms_outbox.main([]) == 2
    assert "never runs with MALL_ENV=production" in capsys.readouterr().err
    with pytest.raises(sms_outbox.ProductionRefused):
        sms_outbox.read_tokens(["m1"], {"database_url": "sqlite://"})
