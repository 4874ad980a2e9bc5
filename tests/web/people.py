"""What people do on the pages, step by step, shared by the tests and `make screenshots`."""

from __future__ import annotations

import random
import re
import time
import uuid

from playwright.sync_api import Page, expect

from services.mallctl.credit_code import credit_code
from services.merchant.entrypoints import sms_outbox

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def new_credit_code() -> str:
    return credit_code("460100", random.randrange(31**8, 31**9 - 1))


def sign_in_member(page: Page, web: str, sub: str, segments=("regular",)) -> None:
    page.goto(f"{web}/sign-in?role=member")
    form = page.locator("#dev-member")
    form.get_by_label("会员编号").fill(sub)
    for box in form.locator("input[name=segments]").all():
        box.set_checked(box.get_attribute("value") in segments)
    form.get_by_role("button", name="以会员身份登录").click()
    expect(page).to_have_url(f"{web}/")


def sign_in_ops(page: Page, web: str) -> None:
    page.goto(f"{web}/sign-in?role=ops")
    page.locator("#dev-ops").get_by_role("button").click()
    expect(page.get_by_role("heading", name="入驻审核队列")).to_be_visible()


def sign_in_merchant(page: Page, web: str, api_key: str) -> None:
    page.goto(f"{web}/sign-in?role=merchant")
    page.get_by_label("API 密钥（审核通过后短信链接领取）").fill(api_key)
    page.get_by_role("button", name="用密钥登录").click()
    expect(page).to_have_url(f"{web}/merchant")


def fill_application(page: Page, web: str, name: str, code: str) -> None:
    page.goto(f"{web}/merchant/apply")
    page.get_by_label("企业名称（与营业执照一致）").fill(name)
    page.get_by_label("统一社会信用代码（18 位）").fill(code)
    page.get_by_label("联系人", exact=True).fill("王椰林")
    page.get_by_label("联系人手机").fill("13907550123")
    page.get_by_label("热带水果").check()
    page.get_by_label("门店 1 名称").fill(f"{name}海口店")
    page.get_by_label("门店 1 地址").fill("海口市龙华区椰海大道 1 号")
    page.get_by_label("门店 1 地区").select_option("460100")
    page.get_by_label("给会员的折扣（%，1–90）").fill("15")


def apply_as_merchant(page: Page, web: str, name: str) -> dict:
    """Submit the onboarding form; return what the page showed once."""
    fill_application(page, web, name, new_credit_code())
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    return {
        "id": page.locator("#application-id").inner_text(),
        "secret": page.locator("#application-secret").inner_text(),
        "deadline": page.locator("#review-deadline").inner_text(),
    }


def approve_in_queue(page: Page, web: str, name: str) -> str:
    """Ops open the queue, find the application, approve it; return the new merchant's id.

    Ops see only where the key link went (a masked mobile), never the key."""
    page.goto(f"{web}/ops/queue")
    page.get_by_role("link", name=name).click()
    page.get_by_role("button", name="通过").click()
    expect(page.get_by_role("status")).to_contain_text("已通过")
    expect(page.locator("#key-link-sent-to")).to_have_text(re.compile(r"^\d{3}\*{4}\d{4}$"))
    assert "mk_live_" not in page.content()
    return page.locator("#new-merchant").get_attribute("href").rsplit("/", 1)[1]


def sent_link_token(mall, merchant_id: str) -> str:
    """The token of the key link the SMS gateway's stand-in says the contact got."""
    database = {"database_url": mall.env["MERCHANT_DATABASE_URL"]}
    return sms_outbox.read_tokens([merchant_id], database)[merchant_id]


def open_key_link(page: Page, web: str, token: str) -> None:
    """The contact opens the link from the SMS and asks for the key."""
    page.goto("about:blank")  # a fresh load even if the page is open already
    page.goto(f"{web}/merchant/key#{token}")
    expect(page.get_by_label("领取码（链接中 # 后的部分）")).to_have_value(token)
    assert "#" not in page.url  # off the address bar and the history
    page.get_by_role("button", name="领取密钥").click()


def key_from_link(page: Page, web: str, mall, merchant_id: str) -> str:
    """The contact opens the link and gets the key, shown this once; return it."""
    open_key_link(page, web, sent_link_token(mall, merchant_id))
    return page.locator("#retrieved-api-key").inner_text()


def add_product(page: Page, web: str, name: str, price: str = "88", member: str = "66") -> None:
    """Put a product on sale; the catalog learns of an approval through an event, so a merchant
    approved a moment ago may be told to try again, as a person would."""
    deadline = time.monotonic() + 30
    while True:
        page.goto(f"{web}/merchant/products")
        page.get_by_label("商品名称").fill(name)
        page.get_by_label("品类").select_option("tropical-fruit")
        page.get_by_label("原价（元）").fill(price)
        page.get_by_label("会员价（元，低于原价）").fill(member)
        page.get_by_label("库存或名额").fill("50")
        page.get_by_role("button", name="上架").click()
        problem = page.locator(".problem")
        if not problem.count() or time.monotonic() > deadline:
            break
        assert "商户" in problem.inner_text(), problem.inner_text()
        time.sleep(0.5)
    expect(page.get_by_role("status")).to_contain_text("商品已上架")


def create_campaign(page: Page, web: str, name: str, *, quantity: str = "100", segments=()) -> str:
    """Draft a campaign (the budget check shows before saving), publish it; return its id."""
    page.goto(f"{web}/ops/campaigns/new")
    page.get_by_label("活动名称").fill(name)
    page.get_by_label("门槛（元）").fill("50")
    page.get_by_label("减（元，满减）").fill("20")
    page.get_by_label("每张补贴上限（元）").fill("20")
    page.get_by_label("发放总量（张）").fill(quantity)
    page.get_by_label("预算（元）").fill("1")
    expect(page.locator("#budget-verdict")).to_contain_text("预算不够")
    page.get_by_label("预算（元）").fill(str(int(quantity) * 20))
    expect(page.locator("#budget-verdict")).to_contain_text("预算够用")
    for segment in segments:
        page.locator(f"input[name=segments][value={segment}]").check()
    page.get_by_role("button", name="保存为草稿").click()
    expect(page.locator("#campaign-status")).to_have_text("草稿")
    page.get_by_role("button", name="发布").click()
    expect(page.locator("#campaign-status")).to_have_text("已发布")
    return page.url.rsplit("/", 1)[-1]


def search_until(page: Page, web: str, query: str, name: str, present: bool, timeout=30.0):
    """Search as a member until the product shows (or is gone): events take a moment."""
    deadline = time.monotonic() + timeout
    while True:
        page.goto(f"{web}/search?q={query}")
        found = page.get_by_role("link", name=name).count() > 0
        if found == present or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def claim_on_product_page(page: Page, campaign_name: str):
    card = page.locator("li.campaign", has_text=campaign_name)
    card.get_by_role("button", name="领取").click()
    return card.locator(".claim-result")


def unique(label: str) -> str:
    return f"{label}{uuid.uuid4().hex[:6].upper()}"


def one_typo(code: str) -> str:
    """The readable code with one character changed (the check character catches it)."""
    chars = list(code)
    i = next(i for i, c in enumerate(chars) if c.isalnum())
    chars[i] = "7" if chars[i] != "7" else "8"
    return "".join(chars)


def money(text: str) -> int:
    return int(round(float(re.sub(r"[^0-9.]", "", text)) * 100))
