"""Claims and redemptions are counted by outcome on /metrics."""

from __future__ import annotations

import re

from tests.support import callers


def counter(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    match = re.search(rf"^{name}\{{{wanted}\}} ([\d.e+]+)$", text, re.M)
    return float(match.group(1)) if match else 0.0


def test_claim_outcomes_are_counted(client, make_campaign):
    campaign = make_campaign()["id"]
    headers = callers.member("metrics-member")
    before = client.get("/metrics").get_data(as_text=True)
    ok = client.post(f"/api/v1/campaigns/{campaign}/claims", headers=headers)
    again = client.post(f"/api/v1/campaigns/{campaign}/claims", headers=headers)
    after = client.get("/metrics").get_data(as_text=True)
    assert ok.status_code == 201 and again.status_code == 409
    assert (
        counter(after, "voucher_claims_total", outcome="ok")
        == counter(before, "voucher_claims_total", outcome="ok") + 1
    )
    assert (
        counter(after, "voucher_claims_total", outcome=again.json["code"])
        == counter(before, "voucher_claims_total", outcome=again.json["code"]) + 1
    )
