"""`make run` (deploy/run.sh) brings the whole mall up, seeded, and ops commands work on it.

Selected with `-m e2e`; CI runs it. About a minute: a 5 % seed by default
(MALL_E2E_SCALE=1 for the union's full 600 + 100 partners, about two more minutes).
"""

from __future__ import annotations

import json

import pytest
import requests
from kafka import KafkaProducer

from services.mallctl.demo_data import merchant_counts
from shared.dev_tokens import mint_token
from tests.ops.live import SCALE, kpis, mallctl, post
from tests.ops.stack import gateway_url, get
from tests.support import infra
from tests.support.kafka import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]


def test_make_run_prints_urls_and_ready_made_credentials(mall):
    out = mall.output()
    assert "http://127.0.0.1:8080/docs" in out and "merchant key" in out
    assert "http://127.0.0.1:8090/merchant" in out and "http://127.0.0.1:8090/ops" in out
    home = get("http://127.0.0.1:8090/")
    assert home.status_code == 200 and "工会普惠商城" in home.text, home.status_code
    creds = json.loads((mall.run_dir / "demo-credentials.json").read_text())
    assert creds["merchants"][0]["api_key"] and creds["member_token"] and creds["ops_token"]
    profile = get(
        gateway_url("/api/v1/merchant/profile"),
        headers={"X-Api-Key": creds["merchants"][0]["api_key"]},
    )
    assert profile.status_code == 200, profile.text


def test_make_run_seeds_partners_products_and_open_campaigns(mall):
    partners = kpis()["partners"]
    for kind, count in merchant_counts(SCALE).items():
        assert partners[kind]["active"] == count and partners[kind]["target"] in (600, 100)
    found = get(gateway_url("/api/v1/products"), params={"q": "荔枝", "limit": 5}).json()
    assert found["items"] and "荔枝" in found["items"][0]["name"]
    member = {"Authorization": f"Bearer {mint_token('member', 'm-e2e', segments=['regular'])}"}
    campaigns = get(gateway_url("/api/v1/campaigns"), headers=member).json()["items"]
    assert len(campaigns) >= 4 and any(c["eligible"] for c in campaigns)


def test_seeding_again_adds_nothing(mall):
    before = kpis()["partners"]
    result = mallctl(
        mall,
        "seed",
        "--scale",
        str(SCALE),
        "--state-file",
        str(mall.run_dir / "seed-state.json"),
        "--credentials-file",
        str(mall.run_dir / "demo-credentials.json"),
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["merchants_created"] == summary["products_created"] == 0
    assert summary["campaigns_created"] == 0
    assert kpis()["partners"] == before


def test_member_claim_and_merchant_redemption_are_counted(mall):
    creds = json.loads((mall.run_dir / "demo-credentials.json").read_text())
    member = {"Authorization": f"Bearer {mint_token('member', 'm-e2e-2', segments=['regular'])}"}
    campaign = next(
        c
        for c in get(gateway_url("/api/v1/campaigns"), headers=member).json()["items"]
        if c["eligible"] and c["benefit"]["threshold"] == 0
    )
    claimed = post(f"/api/v1/campaigns/{campaign['id']}/claims", member, {})
    assert claimed.status_code == 201, claimed.text
    key = {"X-Api-Key": creds["merchants"][0]["api_key"]}
    sale = {"code": claimed.json()["code"], "order_amount": 50000, "channel": "online"}
    # The voucher service learns of merchants from events: give it the time to catch up.
    attempts: list[requests.Response] = []

    def redeem() -> requests.Response | None:
        attempts.append(post("/api/v1/merchant/redemptions", key, sale))
        return attempts[-1] if attempts[-1].status_code == 201 else None

    redeemed = wait_until(redeem, timeout=30, interval=0.5)
    assert redeemed, attempts[-1].text
    services = wait_until(
        lambda: kpis()["member_services"]["redemptions"] >= 1 and kpis()["member_services"]
    )
    assert services["claims"] >= 1 and services["redemptions"] >= 1


@pytest.mark.parametrize(
    "command", [("caches", "rebuild"), ("gate", "reconcile"), ("vouchers", "expire")]
)
def test_state_changing_ops_commands_are_safe_to_run_twice(mall, command):
    first, second = mallctl(mall, *command), mallctl(mall, *command)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    if command[0] == "gate":  # the gate rebuilt from the same vouchers twice is the same gate
        assert json.loads(first.stdout) == json.loads(second.stdout)
    if command[0] == "vouchers":
        assert json.loads(second.stdout)["count"] == 0


def test_read_only_ops_commands_show_the_live_stack(mall):
    outbox = json.loads(mallctl(mall, "outbox").stdout)
    assert {i["service"] for i in outbox["items"]} == {"merchant", "catalog", "voucher"}
    assert all(isinstance(i["backlog"], int) for i in outbox["items"])
    letters = json.loads(mallctl(mall, "dead-letters", "list").stdout)
    assert set(letters) == {"merchant", "catalog", "voucher", "gateway"}
    figures = json.loads(mallctl(mall, "kpis").stdout)
    assert "subsidy_by_campaign" in figures and "reviews" in figures


def test_a_broken_event_is_listed_as_dead_letter_and_its_replay_is_refused(mall):
    producer = KafkaProducer(bootstrap_servers=infra.KAFKA)
    producer.send(f"{mall.marker}.merchant.events", key=b"broken", value=b"{not json").get(30)
    producer.close()

    def parked() -> list:
        result = mallctl(mall, "dead-letters", "list", "--service", "catalog")
        return result.returncode == 0 and json.loads(result.stdout)["catalog"]["items"]

    items = wait_until(parked, timeout=30)
    assert items and items[0]["key"] == "broken" and "InvalidEvent" in items[0]["error"]
    for _ in range(2):  # refused each time, and nothing changes
        replay = mallctl(mall, "dead-letters", "replay", "catalog", str(items[0]["id"]))
        assert replay.returncode == 2 and "not a valid event" in replay.stderr
    assert json.loads(mallctl(mall, "dead-letters", "list").stdout)["catalog"]["items"] == items


def test_replaying_an_unknown_dead_letter_fails_clearly(mall):
    result = mallctl(mall, "dead-letters", "replay", "catalog", "999999")
    assert result.returncode != 0 and "404" in result.stderr
