"""Every answer says, in a standard Server-Timing header, where its time went."""

from __future__ import annotations

import re

from tests.gateway.helpers import bearer

TIMING = re.compile(r"^gateway;dur=(\d+\.\d\d), upstream;dur=(\d+\.\d\d)$")


def _split(resp) -> tuple[float, float]:
    found = TIMING.match(resp.headers["Server-Timing"])
    assert found, resp.headers["Server-Timing"]
    return float(found.group(1)), float(found.group(2))


def test_a_proxied_answer_carries_the_gateway_and_upstream_times(client):
    resp = client.get("/api/v1/me/vouchers", headers=bearer("member", "m-1"))
    assert resp.status_code == 200
    own, upstream = _split(resp)
    assert upstream > 0 and own >= 0


def test_refusals_and_cached_answers_have_no_upstream_time(client):
    refused = client.get("/api/v1/me/vouchers")  # no credentials: the gateway answers itself
    assert refused.status_code == 401
    assert _split(refused)[1] == 0.0
    client.get("/api/v1/categories")  # fills the cache
    cached = client.get("/api/v1/categories")
    assert cached.status_code == 200 and _split(cached)[1] == 0.0


def test_browsers_may_read_it(client):
    resp = client.get("/api/v1/categories", headers={"Origin": "http://localhost:3000"})
    assert "Server-Timing" in resp.headers["Access-Control-Expose-Headers"]
