"""The whole story as people click it, in Chromium against the running mall."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web import people

pytestmark = pytest.mark.e2e


def test_from_application_to_suspension_as_people_click_it(stack, person):
    web, mall = stack
    merchant_name, product = people.unique("海口椰语商贸"), people.unique("椰子鸡火锅套餐")
    campaign = people.unique("椰林消费券")

    # A merchant applies through the form and sees the review deadline and the secret once.
    applicant = person()
    applied = people.apply_as_merchant(applicant, web, merchant_name)
    assert applied["secret"] and applied["deadline"] != "—"
    applicant.goto(f"{web}/merchant/application-status?application_id={applied['id']}")
    applicant.get_by_label("查询密钥").fill(applied["secret"])
    applicant.get_by_role("button", name="查询").click()
    expect(applicant.locator("#application-status")).to_have_text("审核中")

    # Ops approve it in the queue; they see where the key link went, never the key.
    ops = person()
    people.sign_in_ops(ops, web)
    merchant_id = people.approve_in_queue(ops, web, merchant_name)

    # The contact opens the link from the SMS: the key is shown once, and the link is spent.
    shop = person()
    token = people.sent_link_token(mall, merchant_id)
    people.open_key_link(shop, web, token)
    api_key = shop.locator("#retrieved-api-key").inner_text()
    assert api_key.startswith("mk_live_")
    people.open_key_link(shop, web, token)  # once only
    expect(shop.locator(".problem")).to_contain_text("链接无效")
    expect(shop.locator("#retrieved-api-key")).to_have_count(0)

    # The merchant signs in with that key and adds a product.
    people.sign_in_merchant(shop, web, api_key)
    people.add_product(shop, web, product, price="128", member="98")

    # Ops run a campaign (the budget check shows before saving).
    people.create_campaign(ops, web, campaign)

    # A member finds the product by searching 椰子, claims the voucher and sees its QR code.
    member = person("phone")
    people.sign_in_member(member, web, people.unique("m-"))
    assert people.search_until(member, web, "椰子", product, present=True)
    member.get_by_role("link", name=product).click()
    expect(member.get_by_text("¥98.00")).to_be_visible()
    card = member.locator("li.campaign", has_text=campaign)
    expect(card).to_contain_text("您可以领取")
    expect(people.claim_on_product_page(member, campaign)).to_contain_text("领取成功")
    member.goto(f"{web}/me/vouchers")
    voucher = member.locator("li.voucher").first
    expect(voucher.locator("svg.qr")).to_be_visible()
    code = voucher.locator(".code").inner_text()
    assert len(code.replace("-", "")) == 17  # 16 characters and the check character

    # The merchant redeems it at the counter: discount, subsidy and payable before confirming.
    shop.goto(f"{web}/merchant/counter")
    shop.get_by_label("券码（扫码或输入）").fill(code)
    shop.get_by_label("订单金额（元）").fill("128")
    shop.get_by_role("button", name="计算优惠").click()
    expect(shop.locator("#quote-discount")).to_have_text("¥20.00")
    expect(shop.locator("#quote-subsidy")).to_have_text("¥20.00")
    expect(shop.locator("#quote-payable")).to_have_text("¥108.00")
    shop.get_by_role("button", name="确认核销").click()
    expect(shop.get_by_role("heading", name="核销成功")).to_be_visible()

    # The member sees where it was used; the settlement shows the subsidy.
    member.goto(f"{web}/me/redemptions")
    expect(member.locator("tbody")).to_contain_text("¥108.00")
    shop.goto(f"{web}/merchant/settlements")
    expect(shop.locator("#total-net-subsidy")).to_have_text("¥20.00")
    download = shop.request.get(f"{web}/merchant/settlements.csv")
    assert download.ok and "net_subsidy" in download.text() and ",2000" in download.text()

    # Ops suspend the merchant with a reason; the audit trail says so; the product disappears.
    ops.goto(f"{web}/ops/merchants")
    ops.get_by_role("link", name=merchant_name).click()
    ops.get_by_label("理由（必填）").fill("消费者投诉，暂停核查")
    ops.get_by_role("button", name="暂停商户").click()
    expect(ops.locator("#merchant-status")).to_contain_text("已暂停")
    expect(ops.locator("table.audit")).to_contain_text("消费者投诉，暂停核查")
    assert not people.search_until(member, web, "椰子", product, present=False)
