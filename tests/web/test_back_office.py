"""Ops decide with reasons and close campaigns; a merchant rotates the API key and goes on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text, update

from services.catalog.entrypoints.consumer import CONSUMER as CATALOG_CONSUMER
from services.merchant.adapters.orm import applications
from tests.gateway import e2e_client as api
from tests.gateway.test_e2e_story import onboard
from tests.web import people

pytestmark = pytest.mark.e2e


def test_ops_return_and_reject_need_a_reason_that_the_audit_keeps(web, stack, person):
    mall = stack[1]
    first = api.application()
    api.Caller(mall.gateway).post("/api/v1/merchant-applications", json=first)
    ops = person()
    people.sign_in_ops(ops, web)
    ops.goto(f"{web}/ops/queue")
    ops.get_by_role("link", name=first["legal_name"]).click()
    ops.get_by_role("button", name="退回修改").click()  # no reason given
    expect(ops.locator(".problem")).to_be_visible()
    expect(ops.locator("#status")).to_have_text("审核中")
    ops.get_by_label("理由（拒绝或退回时必填）").fill("营业执照照片不清晰")
    ops.get_by_role("button", name="退回修改").click()
    expect(ops.get_by_role("status")).to_contain_text("已退回修改")
    expect(ops.locator("table.audit")).to_contain_text("营业执照照片不清晰")


def test_the_queue_highlights_applications_past_the_two_working_day_deadline(web, stack, person):
    mall = stack[1]
    late, on_time = api.application(), api.application()
    anonymous = api.Caller(mall.gateway)
    late_id = anonymous.post("/api/v1/merchant-applications", json=late).json()["id"]
    anonymous.post("/api/v1/merchant-applications", json=on_time)
    # Test set-up only (the pages never touch a database): the deadline passed yesterday.
    engine = create_engine(mall.env["MERCHANT_DATABASE_URL"])
    with engine.begin() as conn:
        conn.execute(
            update(applications)
            .where(applications.c.id == late_id)
            .values(review_deadline=datetime.now(UTC) - timedelta(days=1))
        )
    engine.dispose()
    ops = person()
    people.sign_in_ops(ops, web)
    ops.goto(f"{web}/ops/queue")
    expect(ops.locator("tr.overdue", has_text=late["legal_name"])).to_contain_text("已超时")
    expect(ops.locator("tr", has_text=on_time["legal_name"])).not_to_have_class("overdue")
    ops.goto(f"{web}/ops/queue?status=submitted&overdue=true")
    expect(ops.locator("tbody tr")).to_have_count(1)


def test_a_campaign_is_closed_and_a_merchant_rotates_its_key(web, stack, person):
    mall = stack[1]
    merchant_id, api_key = onboard(mall)
    ops = person()
    people.sign_in_ops(ops, web)
    people.create_campaign(ops, web, people.unique("限时券"), quantity="10")
    ops.get_by_role("button", name="结束活动").click()
    expect(ops.locator("#campaign-status")).to_have_text("已结束")

    shop = person()
    people.sign_in_merchant(shop, web, api_key)
    shop.goto(f"{web}/merchant/api-key")
    shop.get_by_role("button", name="更换密钥").click()
    new_key = shop.locator("#new-api-key").inner_text()
    assert new_key and new_key != api_key
    shop.goto(f"{web}/merchant/stores")  # the session carries on with the new key
    expect(shop.get_by_role("heading", name="我的门店")).to_be_visible()
    old = api.merchant(mall.gateway, api_key).get("/api/v1/merchant/profile")
    assert old.status_code == 401
    assert (
        api.merchant(mall.gateway, new_key).get("/api/v1/merchant/profile").json()["id"]
        == merchant_id
    )


def test_the_dev_merchant_sign_in_sends_the_contact_a_link_and_never_shows_a_key(
    web, stack, person
):
    mall = stack[1]
    merchant_id, api_key = onboard(mall)
    dev = person()
    dev.goto(f"{web}/sign-in?role=merchant")
    dev.get_by_label("开发：商户编号（向联系人发送新的密钥链接）").fill(merchant_id)
    dev.get_by_role("button", name="发送密钥链接").click()
    expect(dev.locator("#key-link-sent")).to_contain_text("****")
    assert "mk_live_" not in dev.content()
    shop = person()
    new_key = people.key_from_link(shop, web, mall, merchant_id)
    assert new_key != api_key
    people.sign_in_merchant(shop, web, new_key)


def test_ops_see_a_dead_letter_and_a_replay_that_fails_again_says_why(web, stack, person):
    mall = stack[1]
    # Test set-up only: a poison message the catalog's consumer parked.
    engine = create_engine(mall.env["CATALOG_DATABASE_URL"])
    with engine.begin() as conn:
        conn.execute(
            text(
                'INSERT INTO dead_letters (consumer, topic, "partition", "offset", key, payload,'
                " error, created_at) VALUES (:c, 'merchant.events', 0, 424242, 'k', 'not json',"
                " 'InvalidEvent: not JSON', :t)"
            ),
            {"c": CATALOG_CONSUMER, "t": datetime.now(UTC)},
        )
    engine.dispose()
    ops = person()
    people.sign_in_ops(ops, web)
    ops.goto(f"{web}/ops/dead-letters?service=catalog")
    row = ops.locator("tbody tr", has_text="InvalidEvent: not JSON")
    expect(row).to_contain_text(CATALOG_CONSUMER)
    row.get_by_role("button", name="重新处理").click()
    expect(ops.locator(".problem")).to_contain_text("not a valid event")
