"""axe-core (shipped in axe-playwright-python) finds no serious or critical violation on the
main pages, at phone size for members and desk size for merchants and ops."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.gateway import e2e_client as api
from tests.gateway.test_e2e_story import onboard
from tests.web import people

pytestmark = pytest.mark.e2e
SERIOUS = ("serious", "critical")


def _visit(page, url: str) -> list[str]:
    answer = page.goto(url)
    assert answer.status == 200, (url, answer.status)
    return _serious(page)


def _serious(page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [
        f"{page.url} {v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
        for v in found
        if v.get("impact") in SERIOUS
    ]


def test_the_main_pages_have_no_serious_accessibility_violations(web, stack, person):
    mall = stack[1]
    merchant_id, api_key = onboard(mall)
    ops_api = api.ops(mall.gateway)
    made = ops_api.post("/api/v1/ops/campaigns", json=api.campaign(merchant_id)).json()
    ops_api.post(f"/api/v1/ops/campaigns/{made['id']}/publish")
    problems: list[str] = []

    member = person("phone")
    people.sign_in_member(member, web, people.unique("m-a11y-"))
    for path in ("/", "/search?q=椰子", "/me/vouchers", "/me/redemptions", "/sign-in"):
        problems += _visit(member, web + path)

    shop = person()
    people.sign_in_merchant(shop, web, api_key)
    for path in ("/merchant", "/merchant/counter", "/merchant/products", "/merchant/stores",
                 "/merchant/settlements", "/merchant/api-key", "/merchant/apply",
                 "/merchant/application-status", "/merchant/key"):  # fmt: skip
        problems += _visit(shop, web + path)
    shop.goto(web + "/merchant/apply")
    shop.get_by_role("button", name="提交申请").click()  # every field in error
    problems += _serious(shop)

    ops = person()
    people.sign_in_ops(ops, web)
    for path in ("/ops/queue?status=approved", "/ops/merchants", f"/ops/merchants/{merchant_id}",
                 "/ops/campaigns", "/ops/campaigns/new", f"/ops/campaigns/{made['id']}",
                 "/ops/dead-letters", "/ops/kpis"):  # fmt: skip
        problems += _visit(ops, web + path)
    assert ops.locator("figure.chart img").count() == 4
    assert not problems, "\n".join(problems)


def test_the_check_itself_catches_a_serious_violation(person):
    page = person()
    page.set_content('<html lang="zh-CN"><title>x</title><main><img src="a.png"></main></html>')
    assert any("image-alt" in p for p in _serious(page))
