"""The fast lane answers as the Flask app does, byte for byte, and leaves Flask what it must.

Each request goes to two gateways over the same stand-in services: one with the lane
(`GATEWAY_FAST_LANE=1`, the default) and one without, where Flask answers everything.
Status, headers (in order) and body must agree; `Server-Timing` only in its form. Every
answer on /api names `Vary: Origin` once, whatever the Origin, the status or the path taken.
"""

from __future__ import annotations

import re

import pytest
from flask import Response
from werkzeug.datastructures import Headers

from services.gateway.cors import add_vary_origin
from services.gateway.fast_lane import FastLane
from services.gateway.latency_tally import LatencyTally, flush_all
from shared.metrics import HTTP_LATENCY
from shared.web.request_context import latency_series
from tests.gateway.helpers import KEY_M1, api_key, bearer

TIMING = re.compile(r"^gateway;dur=\d+\.\d\d, upstream;dur=\d+\.\d\d$")
MEMBER = bearer("member", "m-lane")
OPS = bearer("ops", "o-lane")
RID = {"X-Request-Id": "lane-1"}
DEEP = b"[" * 5000 + b"]" * 5000
JSON, FORM = "application/json", "application/x-www-form-urlencoded"
CLAIM = "/api/v1/campaigns/c1/claims"
ALLOWED = {"Origin": "http://localhost:3000"}  # a configured front end (the default settings)
REFUSED = {"Origin": "https://evil.example"}

# (method, path, headers, body, content type, served by the lane)
REQUESTS = [
    ("GET", "/api/v1/me/vouchers", MEMBER, None, None, True),
    ("GET", "/api/v1/me/vouchers?status=active&limit=2", MEMBER, None, None, True),
    ("HEAD", "/api/v1/me/vouchers", MEMBER, None, None, True),
    ("GET", "/api/v1/me/vouchers", {}, None, None, True),  # 401
    ("GET", "/api/v1/me/vouchers", {"Authorization": "Bearer nope"}, None, None, True),
    ("GET", "/api/v1/me/vouchers", {"Authorization": "Basic x"}, None, None, True),
    ("GET", "/api/v1/ops/vouchers", MEMBER, None, None, True),  # 403
    ("GET", "/api/v1/ops/vouchers", OPS, None, None, True),
    ("GET", "/api/v1/merchant/profile", api_key(), None, None, True),
    ("GET", "/api/v1/merchant/profile", {**api_key(), **MEMBER}, None, None, True),  # 400
    ("GET", "/api/v1/merchant/profile", api_key("guess"), None, None, True),
    ("POST", CLAIM, MEMBER, b"{}", JSON, True),
    ("POST", CLAIM, MEMBER, '{"a": "你"}'.encode(), JSON, True),
    ("PUT", "/api/v1/merchant/store", api_key(), b"a=b", FORM, True),
    ("DELETE", "/api/v1/merchant/products/p1", api_key(), None, None, True),  # 204
    ("GET", "/api/v1/merchant/products/p1", api_key(), None, None, True),  # no Content-Type
    ("GET", "/api/v1/categories", {}, None, None, True),  # cached
    ("GET", "/api/v1/categories", {}, None, None, True),
    ("GET", "/api/v1/products?limit=2", {}, None, None, True),
    ("GET", "/api/v1/campaigns/c1", MEMBER, None, None, True),
    ("GET", "/api/v1/products/p1", {}, None, None, False),  # the gateway's own view
    ("POST", "/api/v1/products/p1", {}, b"{}", JSON, True),
    ("GET", "/api/v1/nowhere", MEMBER, None, None, False),  # 404
    ("GET", "/api/v1//me/vouchers", MEMBER, None, None, False),
    ("GET", "/api/v1/me/vouchers?q=%00", MEMBER, None, None, False),  # 422
    ("POST", CLAIM, MEMBER, DEEP, JSON, False),  # 400
    ("POST", CLAIM, MEMBER, b'{"a": "\\u0000"}', JSON, False),  # 422
    ("OPTIONS", "/api/v1/me/vouchers", ALLOWED, None, None, False),  # a preflight
    ("PROPFIND", "/api/v1/me/vouchers", MEMBER, None, None, False),  # 405
    ("GET", "/internal/v1/anything", MEMBER, None, None, False),
    ("GET", "/api/v1/home", {}, None, None, False),
]
# A browser's requests: an Origin on every POST, and on every cross-origin GET.
BROWSER = [
    ("GET", "/api/v1/me/vouchers", {**MEMBER, **ALLOWED}, None, None, True),
    ("HEAD", "/api/v1/me/vouchers", {**MEMBER, **ALLOWED}, None, None, True),
    ("GET", "/api/v1/me/vouchers", {**MEMBER, **REFUSED}, None, None, True),
    ("GET", "/api/v1/me/vouchers", {**MEMBER, "Origin": "HTTP://LOCALHOST:3000"}, None, None, True),
    ("GET", "/api/v1/me/vouchers", {**MEMBER, "Origin": "null"}, None, None, True),
    ("GET", "/api/v1/me/vouchers", {**MEMBER, "Origin": ""}, None, None, True),
    ("POST", CLAIM, {**MEMBER, **ALLOWED}, b"{}", JSON, True),  # 201 with a Location
    ("POST", CLAIM, {**MEMBER, **REFUSED}, b"{}", JSON, True),
    ("GET", "/api/v1/me/vouchers", ALLOWED, None, None, True),  # 401
    ("POST", CLAIM, {**ALLOWED, "Authorization": "Bearer nope"}, b"{}", JSON, True),  # 401
    ("GET", "/api/v1/me/vouchers", REFUSED, None, None, True),  # 401
    ("GET", "/api/v1/ops/vouchers", {**MEMBER, **ALLOWED}, None, None, True),  # 403
    ("GET", "/api/v1/campaigns/c1", {**MEMBER, **ALLOWED}, None, None, True),  # the service's 404
    ("DELETE", "/api/v1/merchant/products/p1", {**api_key(), **ALLOWED}, None, None, True),  # 204
    ("PUT", "/api/v1/merchant/store", {**api_key(), **ALLOWED}, b"a=b", FORM, True),  # 500
    ("GET", "/api/v1/categories", ALLOWED, None, None, True),  # cached
    ("GET", "/api/v1/categories", REFUSED, None, None, True),
    ("POST", CLAIM, {**MEMBER, **ALLOWED}, DEEP, JSON, False),  # 400
    ("GET", "/api/v1/products/p1", ALLOWED, None, None, False),  # the gateway's own view
    ("GET", "/api/v1/nowhere", {**MEMBER, **ALLOWED}, None, None, False),  # 404
]
# Origins the gateway may be configured with: one (flask-cors alone would add no Vary), or
# several with a pattern among them; and which of the origins sent each one allows.
CONFIGURED = [
    (("http://localhost:3000",), {"http://localhost:3000"}),
    (
        ("http://localhost:3000", r"https://.*\.union\.example", "http://localhost:5173"),
        {"http://localhost:3000", "https://shop.union.example"},
    ),
]


def _replies(standins) -> None:
    """Fixed answers: the stand-ins' default echoes headers that differ per gateway."""
    voucher, merchant, catalog = standins["voucher"], standins["merchant"], standins["catalog"]
    voucher.replies[("GET", "/api/v1/me/vouchers")] = (200, {"items": ["v1", "券"]})
    voucher.replies[("GET", "/api/v1/ops/vouchers")] = (200, {"items": []})
    voucher.replies[("GET", "/api/v1/campaigns/c1")] = (404, {"code": "not_found"})
    voucher.replies[("POST", "/api/v1/campaigns/c1/claims")] = (
        201, {"id": "v9"}, {"Location": f"{voucher.url}/api/v1/me/vouchers/v9", "ETag": '"e"'},
    )  # fmt: skip
    merchant.replies[("GET", "/api/v1/merchant/profile")] = (200, {"merchant": "m1"})
    merchant.replies[("PUT", "/api/v1/merchant/store")] = (500, {"code": "internal_error"})
    catalog.replies[("DELETE", "/api/v1/merchant/products/p1")] = (204, {})
    catalog.replies[("GET", "/api/v1/merchant/products/p1")] = (200, b"plain")
    catalog.replies[("GET", "/api/v1/categories")] = (200, [{"id": "c"}])
    catalog.replies[("GET", "/api/v1/products")] = (200, {"items": []})
    catalog.replies[("POST", "/api/v1/products/p1")] = (405, {"code": "method_not_allowed"})


def _send(client, method, path, headers, body, content_type):
    return client.open(
        path, method=method, headers={**RID, **headers}, data=body, content_type=content_type
    )


def _seen(resp) -> tuple:
    headers = []
    for name, value in resp.headers.items():
        if name == "Server-Timing":
            assert TIMING.match(value), value
            value = "…"
        headers.append((name, value))
    return resp.status, headers, resp.get_data()


def _vary(headers) -> list[str]:
    """The answer's Vary values, from all its Vary lines."""
    return [v.strip() for name, value in headers if name == "Vary" for v in value.split(",")]


def _varies_on_origin_once(headers) -> bool:
    """One Vary line, naming Origin once (a cache reading only the first line sees it too)."""
    lines = [value for name, value in headers if name == "Vary"]
    return len(lines) == 1 and [v.lower() for v in _vary(headers)].count("origin") == 1


def _pair(make_gateway, **overrides) -> tuple:
    with_lane, without = make_gateway(**overrides), make_gateway(fast_lane=False, **overrides)
    assert isinstance(with_lane.wsgi_app, FastLane)
    assert not isinstance(without.wsgi_app, FastLane)
    return with_lane, without


@pytest.fixture
def both(make_gateway, standins):
    _replies(standins)
    return _pair(make_gateway)


def _flask_calls(app) -> list[str]:
    """Record the requests the lane hands on to Flask."""
    lane, calls = app.wsgi_app, []
    flask_app = lane.flask_app

    def counted(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return flask_app(environ, start_response)

    lane.flask_app = counted
    return calls


def _answers_alike(pair: tuple, sent: tuple) -> tuple:
    """Send `sent` to both gateways; require the same answer, and that the lane kept it
    (or handed it to Flask) as `sent` says. Returns the answer."""
    method, path, headers, body, content_type, laned = sent
    with_lane, without = pair
    to_flask = _flask_calls(with_lane)
    expected = _seen(_send(without.test_client(), method, path, headers, body, content_type))
    got = _seen(_send(with_lane.test_client(), method, path, headers, body, content_type))
    assert got == expected
    assert _varies_on_origin_once(got[1]) == path.startswith("/api/"), got[1]
    assert to_flask == ([] if laned else [path.partition("?")[0]])
    return got


@pytest.mark.parametrize("sent", REQUESTS + BROWSER, ids=lambda r: f"{r[0]} {r[1]} {r[2]}")
def test_the_lane_answers_as_flask_does(both, sent):
    _answers_alike(both, sent)


@pytest.mark.parametrize(("origins", "allowed"), CONFIGURED, ids=["one origin", "several"])
def test_the_lane_gives_flask_cors_headers_for_the_configured_origins(
    make_gateway, standins, origins, allowed
):
    _replies(standins)
    pair = _pair(make_gateway, cors_origins=origins)
    for origin in ("http://localhost:3000", "https://shop.union.example", "https://evil.example"):
        for sent in (
            ("GET", "/api/v1/me/vouchers", {**MEMBER, "Origin": origin}, None, None, True),
            ("POST", CLAIM, {**MEMBER, "Origin": origin}, b"{}", JSON, True),
            ("GET", "/api/v1/me/vouchers", {"Origin": origin}, None, None, True),  # 401
        ):
            names = [name for name, _ in _answers_alike(pair, sent)[1]]
            assert ("Access-Control-Allow-Origin" in names) == (origin in allowed)
            assert names.count("Vary") == 1


def test_a_browsers_claim_is_answered_by_the_lane_with_its_cors_headers(both):
    to_flask = _flask_calls(both[0])
    client = both[0].test_client()
    claimed = client.post(CLAIM, headers={**MEMBER, **ALLOWED}, json={})
    refused = client.post(CLAIM, headers={**MEMBER, **REFUSED}, json={})
    unsigned = client.get("/api/v1/me/vouchers", headers=ALLOWED)
    assert to_flask == []
    assert (claimed.status_code, refused.status_code, unsigned.status_code) == (201, 201, 401)
    for allowed in (claimed, unsigned):
        assert allowed.headers.get_all("Access-Control-Allow-Origin") == [ALLOWED["Origin"]]
        assert allowed.headers["Access-Control-Expose-Headers"] == (
            "Idempotent-Replayed, Location, Retry-After, Server-Timing, X-Request-Id"
        )
        assert allowed.headers.get_all("Vary") == ["Origin"]
    assert not any(name.startswith("Access-Control-") for name, _ in refused.headers)


@pytest.mark.parametrize("origin", [{}, ALLOWED, REFUSED], ids=["no origin", "allowed", "refused"])
def test_a_service_that_is_down_and_a_spent_budget_answer_alike(make_gateway, standins, origin):
    down = "http://127.0.0.1:9"
    for overrides, status in (
        ({"voucher_url": down}, "503 SERVICE UNAVAILABLE"),
        ({"rate_limit_caller": "1/minute"}, "429 TOO MANY REQUESTS"),
    ):
        answers = []
        for lane, sub in ((True, "m-down-1"), (False, "m-down-2")):  # budgets are per member
            client = make_gateway(fast_lane=lane, **overrides).test_client()
            to_flask = _flask_calls(client.application) if lane else []
            for _ in range(2):
                headers = {**RID, **bearer("member", sub), **origin}
                resp = client.get("/api/v1/me/vouchers", headers=headers)
            answers.append(_seen(resp))
            assert to_flask == []
        assert answers[0] == answers[1]
        assert answers[0][0] == status
        assert _vary(answers[0][1]) == ["Origin"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([], ["Origin"]),
        (["Accept-Encoding"], ["Accept-Encoding, Origin"]),
        (
            ["Accept-Encoding", "Cookie,Accept-Language"],
            ["Accept-Encoding, Cookie, Accept-Language, Origin"],
        ),
        (["Accept-Encoding, origin"], ["Accept-Encoding, origin"]),
        (["*"], ["*"]),
    ],
    ids=["none", "another", "two lines", "named already", "star"],
)
def test_origin_joins_the_vary_values_an_answer_has(lines, expected):
    pairs = [("Content-Type", "text/plain"), *(("Vary", v) for v in lines), ("Etag", '"e"')]
    for headers in (list(pairs), Headers(pairs)):
        add_vary_origin(headers)
        assert [value for name, value in headers if name == "Vary"] == expected
        assert [pair for pair in headers if pair[0] != "Vary"] == [
            pair for pair in pairs if pair[0] != "Vary"
        ]


@pytest.mark.parametrize("origin", [{}, ALLOWED, REFUSED], ids=["no origin", "allowed", "refused"])
def test_an_api_answer_that_varies_already_names_origin_in_the_same_line(make_gateway, origin):
    gateway = make_gateway()
    gateway.add_url_rule(
        "/api/v2/encoded", "encoded", lambda: Response("x", headers={"Vary": "Accept-Encoding"})
    )
    resp = gateway.test_client().get("/api/v2/encoded", headers=origin)
    assert resp.headers.get_all("Vary") == ["Accept-Encoding, Origin"]


def test_the_gateways_own_documents_do_not_vary_on_origin(client):
    for path in ("/openapi.json", "/docs", "/healthz", "/metrics"):
        resp = client.get(path, headers=ALLOWED)
        assert "Vary" not in resp.headers, path
        assert "Access-Control-Allow-Origin" not in resp.headers, path


def test_the_lane_counts_its_answers_in_the_latency_histogram(both):
    labels = {"service": "gateway", "method": "GET", "endpoint": "/api/v1/<path:_rest>",
              "status": "200"}  # fmt: skip

    def count() -> float:
        for metric in HTTP_LATENCY.collect():
            for sample in metric.samples:
                if sample.name.endswith("_count") and sample.labels == labels:
                    return sample.value
        return 0.0

    flush_all()
    before = count()
    assert both[0].test_client().get("/api/v1/me/vouchers", headers=MEMBER).status_code == 200
    flush_all()  # the flushing thread does this each second
    assert count() == before + 1


def test_tallied_latencies_land_in_the_buckets_and_sum_that_observing_gives():
    tally, direct = LatencyTally("test", "/tallied"), latency_series("test", "GET", "/direct", 201)
    seconds = [0.0, 0.004, 0.005, 0.0051, 0.1, 0.75, 2.5, 9.0, 11.0, 1e6]  # edges, between, +Inf
    for value in seconds:
        tally.observe("GET", 201, value)
        direct.observe(value)
    tally.flush()

    def samples(rule: str) -> dict:
        return {
            (s.name, s.labels.get("le")): s.value
            for metric in HTTP_LATENCY.collect()
            for s in metric.samples
            if s.labels.get("endpoint") == rule and not s.name.endswith("_created")
        }

    assert samples("/tallied") == samples("/direct") != {}


def test_an_api_key_is_checked_with_the_merchant_service_on_every_request(both, standins):
    client = both[0].test_client()
    for _ in range(2):
        assert client.get("/api/v1/merchant/profile", headers=api_key(KEY_M1)).status_code == 200
    checks = [r for r in standins["merchant"].received if r["path"].startswith("/internal")]
    assert len(checks) == 2
