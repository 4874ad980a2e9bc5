"""`make screenshots`: walk the story on a fresh mall and photograph the main pages at phone
(390 x 844) and desktop (1280 x 900) sizes: python -m tests.web.screenshots OUT_DIR."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.gateway import e2e_client as api
from tests.web import people
from tests.web.stack import launch_chromium, running_mall


def shoot(page, out: Path, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(out / f"{name}.png"), full_page=False)
    print(f"  {out / name}.png")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with running_mall() as (web, mall), sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        desk = lambda: browser.new_context(viewport=people.DESKTOP).new_page()  # noqa: E731
        phone = lambda: browser.new_context(viewport=people.PHONE).new_page()  # noqa: E731

        applicant = phone()
        name = people.unique("海口椰语商贸")
        people.fill_application(applicant, web, name, people.new_credit_code())
        shoot(applicant, out, "merchant-apply-phone")
        applicant.get_by_role("button", name="提交申请").click()
        shoot(applicant, out, "merchant-applied-phone")

        ops = desk()
        people.sign_in_ops(ops, web)
        shoot(ops, out, "ops-queue-desktop")
        merchant_id = people.approve_in_queue(ops, web, name)
        shop = desk()
        key = people.key_from_link(shop, web, mall, merchant_id)
        shoot(shop, out, "merchant-key-link-desktop")
        people.sign_in_merchant(shop, web, key)
        product = people.unique("文昌椰子礼盒")
        people.add_product(shop, web, product, price="128", member="98")
        shoot(shop, out, "merchant-products-desktop")
        ops.goto(f"{web}/ops/campaigns/new")
        shoot(ops, out, "ops-campaign-new-desktop")
        campaign = people.unique("椰林消费券")
        people.create_campaign(ops, web, campaign)

        for size, make in (("phone", phone), ("desktop", desk)):
            member = make()
            people.sign_in_member(member, web, people.unique(f"m-{size}-"))
            shoot(member, out, f"member-home-{size}")
            people.search_until(member, web, "椰子", product, present=True)
            shoot(member, out, f"member-search-{size}")
            member.get_by_role("link", name=product).click()
            people.claim_on_product_page(member, campaign).wait_for()
            shoot(member, out, f"member-product-{size}")
            member.goto(f"{web}/me/vouchers")
            shoot(member, out, f"member-vouchers-{size}")
            code = member.locator("li.voucher .code").first.inner_text()

        shop.goto(f"{web}/merchant/counter")
        shop.get_by_label("券码（扫码或输入）").fill(code)
        shop.get_by_label("订单金额（元）").fill("128")
        shop.get_by_role("button", name="计算优惠").click()
        shop.locator("#quote-payable").wait_for()
        shoot(shop, out, "merchant-counter-desktop")
        shop.get_by_role("button", name="确认核销").click()
        shop.get_by_role("heading", name="核销成功").wait_for()
        shop.goto(f"{web}/merchant/settlements")
        shoot(shop, out, "merchant-settlements-desktop")

        seeded = api.ops(mall.gateway)
        seeded.post("/api/v1/merchant-applications", json=api.application())
        ops.goto(f"{web}/ops/kpis")
        shoot(ops, out, "ops-kpis-desktop")
        ops.set_viewport_size(people.PHONE)
        shoot(ops, out, "ops-kpis-phone")
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "var/screenshots"))
