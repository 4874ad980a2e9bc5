"""mallctl's own pieces, without a running mall: codes, tokens, the demo plan, errors."""

from __future__ import annotations

import http.server
import json
import re
import threading

import jwt
import pytest
from click.testing import CliRunner

from services.mallctl.cli import main
from services.mallctl.client import Gateway, GatewayError
from services.mallctl.credit_code import credit_code
from services.mallctl.demo_data import plan_merchants
from services.mallctl.payloads import campaign_bodies
from services.mallctl.probe import main as probe
from services.mallctl.state import SeedState
from shared.config import DEV_JWT_SECRET
from shared.reference.categories import CATEGORY_TREE
from shared.reference.credit_codes import ALPHABET, check_character
from shared.reference.regions import REGIONS


def test_credit_code_check_character_matches_a_published_example():
    # A real code from the national enterprise credit system (Huawei Technologies).
    assert check_character("91440300708461136") == "T"


def test_demo_credit_codes_are_valid_distinct_and_carry_the_region():
    codes = [credit_code(r, n) for r in REGIONS for n in range(200)]
    assert len(set(codes)) == len(codes)
    for code in codes[:50]:
        assert len(code) == 18 and set(code) <= set(ALPHABET)
        assert code[17] == check_character(code[:17])
        assert code[2:8] in REGIONS


def test_full_plan_meets_the_unions_partner_targets_over_all_regions_and_categories():
    plans = plan_merchants(1.0)
    types = [p.partner_type for p in plans]
    assert types.count("discount_partner") >= 600 and types.count("welfare_partner") >= 100
    assert {p.region for p in plans} == set(REGIONS)
    leaves = {c for _s, _e, _z, children in CATEGORY_TREE for c, _ce, _cz in children}
    assert {pr.category for p in plans for pr in p.products} == leaves
    assert sum(len(p.products) for p in plans) >= 3000
    assert len({p.key for p in plans}) == len(plans)


def test_plan_is_the_same_on_every_run_so_a_second_seed_adds_nothing():
    assert plan_merchants(0.05) == plan_merchants(0.05)


def test_products_have_chinese_and_english_names_and_a_lower_member_price():
    for plan in plan_merchants(0.05):
        assert re.search(r"[\u4e00-\u9fff]", plan.legal_name)
        assert re.match(r"1[3-9]\d{9}$", plan.contact_mobile)
        for product in plan.products:
            assert re.search(r"[\u4e00-\u9fff]", product.name) and product.name_en.isascii()
            assert 0 < product.member_price < product.list_price


def test_demo_campaigns_are_open_now_and_funded_within_budget():
    for _slug, body in campaign_bodies():
        assert body["claim_starts_at"] < body["claim_ends_at"]
        assert body["subsidy"] * body["quantity"] <= body["budget"]
        assert body["subsidy"] <= body["benefit"]["amount_off"]


def test_token_command_mints_a_token_the_gateway_can_verify():
    result = CliRunner().invoke(
        main,
        [
            "token",
            "--role",
            "member",
            "--sub",
            "m-7",
            "--segments",
            "new_employment,female",
            "--region",
            "460200",
        ],
    )
    assert result.exit_code == 0, result.output
    claims = jwt.decode(result.output.strip(), DEV_JWT_SECRET, algorithms=["HS256"])
    assert claims["sub"] == "m-7" and claims["role"] == "member"
    assert claims["segments"] == ["new_employment", "female"] and claims["region"] == "460200"
    assert claims["exp"] > claims["iat"]


def test_token_command_uses_jwt_secret_from_the_environment():
    result = CliRunner().invoke(
        main, ["token", "--role", "ops"], env={"JWT_SECRET": "another-secret-of-enough-length-000"}
    )
    claims = jwt.decode(
        result.output.strip(), "another-secret-of-enough-length-000", algorithms=["HS256"]
    )
    assert claims["role"] == "ops"


def test_token_command_rejects_an_unknown_segment():
    result = CliRunner().invoke(main, ["token", "--segments", "vip"])
    assert result.exit_code == 2 and "unknown segments: vip" in result.output


def test_ops_command_against_an_unreachable_gateway_fails_clearly():
    result = CliRunner().invoke(
        main, ["--gateway", "http://127.0.0.1:9", "--retry-for", "0", "outbox"]
    )
    assert result.exit_code == 2
    assert "cannot reach the gateway at http://127.0.0.1:9" in result.output


def test_seed_state_survives_a_restart_and_is_private(tmp_path):
    path = tmp_path / "state.json"
    state = SeedState(path)
    state.update_merchant("CODE1", merchant_id="m1", api_key="secret")
    state.add_product("CODE1", "CODE1-0", "p1")
    state.save()
    again = SeedState(path)
    assert again.merchant("CODE1")["products"] == {"CODE1-0": "p1"}
    assert path.stat().st_mode & 0o077 == 0
    assert json.loads(path.read_text())["merchants"]["CODE1"]["api_key"] == "secret"


def test_probe_is_healthy_only_when_the_url_answers_2xx():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # the http.server API
            self.send_response(200 if self.path == "/healthz" else 503)
            self.end_headers()

        def log_message(self, *_args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        assert probe(["probe", f"{base}/healthz"]) == 0
        assert probe(["probe", f"{base}/readyz"]) == 1
    finally:
        server.shutdown()
    assert probe(["probe", f"{base}/healthz"]) == 1


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Answers 503, then 504, then 201 to each path; counts what it was sent."""

    seen: dict[str, int] = {}

    def _answer(self) -> None:
        n = self.seen[self.path] = self.seen.get(self.path, 0) + 1
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status = {1: 503, 2: 504}.get(n, 201)
        body = b'{"code": "service_unavailable"}' if status != 201 else b'{"id": "x"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer  # the http.server API

    def log_message(self, *_args):
        pass


@pytest.fixture
def flaky_gateway():
    _Flaky.seen = {}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_repeatable_requests_are_retried_through_503_and_504(flaky_gateway):
    gw = Gateway(flaky_gateway, retry_for=10)
    assert gw.get("/a") == {"id": "x"}
    assert gw.post("/b", {}, headers={"Idempotency-Key": "k-1"}) == {"id": "x"}
    assert _Flaky.seen == {"/a": 3, "/b": 3}


def test_a_post_without_an_idempotency_key_is_sent_once(flaky_gateway):
    gw = Gateway(flaky_gateway, retry_for=10)
    with pytest.raises(GatewayError) as err:
        gw.post("/c", {})
    assert err.value.status == 503
    assert _Flaky.seen == {"/c": 1}
