"""Each page's error states, in plain words: a wrong credit code, sold out, limit reached,
not eligible, a voucher code with one character wrong, and the gateway away (503)."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from services.web.app import create_app
from tests.gateway import e2e_client as api
from tests.gateway.processes import free_port
from tests.gateway.test_e2e_story import onboard
from tests.web import people
from tests.web.stack import web_process

pytestmark = pytest.mark.e2e


def _campaign(mall, merchant_id: str, name: str, **changes) -> str:
    ops = api.ops(mall.gateway)
    body = {**api.campaign(merchant_id), "name": name, **changes}
    made = ops.post("/api/v1/ops/campaigns", json=body)
    assert made.status_code == 201, made.text
    published = ops.post(f"/api/v1/ops/campaigns/{made.json()['id']}/publish")
    assert published.status_code == 200, published.text
    return made.json()["id"]


def _claim_on_home(page, web: str, name: str):
    page.goto(f"{web}/")
    card = page.locator("li.campaign", has_text=name)
    card.get_by_role("button", name="领取").click()
    return card.locator(".claim-result")


def test_the_credit_code_is_checked_as_typed_and_the_server_answers_per_field(web, person):
    page = person()
    good = people.new_credit_code()
    people.fill_application(
        page, web, people.unique("三亚椰梦"), good[:-1] + ("0" if good[-1] != "0" else "1")
    )
    hint = page.locator("#credit-code-hint")
    expect(hint).to_contain_text("校验位不对")
    page.get_by_label("统一社会信用代码（18 位）").fill(good)
    expect(hint).to_be_empty()
    page.get_by_label("统一社会信用代码（18 位）").fill(
        good[:-1] + ("0" if good[-1] != "0" else "1")
    )
    page.get_by_label("联系人手机").fill("12345")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#credit_code-error")).to_be_visible()
    expect(page.locator("#contact_mobile-error")).to_be_visible()
    expect(page.get_by_label("统一社会信用代码（18 位）")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("企业名称（与营业执照一致）")).not_to_have_attribute(
        "aria-invalid", "true"
    )


def test_claims_answer_sold_out_limit_reached_and_not_eligible_in_plain_words(web, stack, person):
    mall = stack[1]
    merchant_id, api_key = onboard(mall)
    last = people.unique("最后一张券")
    once = people.unique("每人一张券")
    hardship = people.unique("困难职工专享券")
    _campaign(mall, merchant_id, last, quantity=1, budget=300)
    _campaign(mall, merchant_id, once)
    _campaign(mall, merchant_id, hardship, segments=["hardship"])

    first, second = person("phone"), person("phone")
    people.sign_in_member(first, web, people.unique("m-first-"))
    people.sign_in_member(second, web, people.unique("m-second-"))
    expect(_claim_on_home(first, web, last)).to_contain_text("领取成功")
    expect(_claim_on_home(second, web, last)).to_contain_text("这张券已经领完了")
    expect(_claim_on_home(first, web, once)).to_contain_text("领取成功")
    expect(_claim_on_home(first, web, once)).to_contain_text("您已领到这张券的上限")
    first.goto(f"{web}/")
    expect(first.locator("li.campaign", has_text=hardship)).to_contain_text(
        "不面向您的会员群体或地区"
    )
    expect(_claim_on_home(first, web, hardship)).to_contain_text("这个活动不面向您所在的会员群体")

    # At the counter, a code typed with one character wrong is caught by its check character.
    first.goto(f"{web}/me/vouchers")
    code = first.locator("li.voucher .code").first.inner_text()
    shop = person()
    people.sign_in_merchant(shop, web, api_key)
    shop.goto(f"{web}/merchant/counter")
    shop.get_by_label("券码（扫码或输入）").fill(people.one_typo(code))
    shop.get_by_label("订单金额（元）").fill("50")
    shop.get_by_role("button", name="计算优惠").click()
    expect(shop.locator("#pos-panel [role=alert]")).to_contain_text("券码不对")
    shop.get_by_label("券码（扫码或输入）").fill(code)
    shop.get_by_role("button", name="计算优惠").click()
    expect(shop.locator("#quote-payable")).to_have_text("¥47.00")


def test_a_credential_the_gateway_refuses_sends_the_person_to_sign_in_again(stack):
    client = create_app({"gateway_url": stack[1].gateway}).test_client()
    with client.session_transaction() as session:
        session["who"] = {"role": "merchant", "api_key": "mk_live_revoked"}
    resp = client.get("/merchant/stores")
    assert resp.status_code == 302 and "/sign-in?role=merchant" in resp.headers["Location"]
    with client.session_transaction() as session:
        assert "who" not in session


def test_the_gateway_away_is_a_503_page_that_says_so(person, tmp_path: Path):
    nobody = f"http://127.0.0.1:{free_port()}"
    with web_process(nobody, tmp_path / "web.log") as web:
        plain = requests.get(f"{web}/search?q=椰子", timeout=10)
        assert plain.status_code == 503 and plain.headers["Retry-After"]
        assert requests.get(f"{web}/readyz", timeout=10).status_code == 503
        page = person("phone")
        answer = page.goto(f"{web}/")
        assert answer.status == 503
        expect(page.get_by_role("heading", name="商城暂时不可用")).to_be_visible()
