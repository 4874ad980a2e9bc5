"""CPU per request for the capacity model (docs/SCALING.md): per claim, per redemption (voucher
service), per cached browse (catalog), per event consumed (catalog's merchant consumer), each
split into the app's processes, its PostgreSQL backends and Redis, measured from /proc."""

from __future__ import annotations

import os
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import requests
from sqlalchemy import create_engine, insert, select

from benchmarks import bench_catalog
from benchmarks.bench_voucher import MIGRATIONS, internal_token, open_campaign
from benchmarks.cpu import Meter, per_request_ms, private_redis
from benchmarks.harness import gunicorn, report, scratch_database
from services.gateway.devtoken import mint
from shared.migrations import upgrade

CLAIMS = int(os.environ.get("BENCH_COST_CLAIMS", "1500"))
BROWSES = int(os.environ.get("BENCH_COST_BROWSES", "3000"))
EVENTS = int(os.environ.get("BENCH_COST_EVENTS", "3000"))
PORT, CATALOG_PORT, GATEWAY_PORT, CLIENTS = 18483, 18482, 18480, 8


def hammer(calls: list, worker) -> list[int]:
    """Run worker(session, call) for every call from CLIENTS threads; return the statuses."""
    local = threading.local()

    def one(call) -> int:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return worker(local.session, call)

    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(one, calls))


def measured(meters: list[Meter], calls: list, worker) -> tuple[list[dict], list[int]]:
    before = [m.sample() for m in meters]
    statuses = hammer(calls, worker)
    time.sleep(0.5)  # let the last commits land in the backends' counters
    return [
        per_request_ms(b, m.sample(), len(calls)) for b, m in zip(before, meters, strict=True)
    ], statuses


def voucher_costs(redis_url: str) -> tuple[dict, dict, dict]:
    from services.voucher.adapters.orm import merchants, vouchers

    with scratch_database("bench_costs") as url:
        upgrade(url, MIGRATIONS)
        env = {"VOUCHER_DATABASE_URL": url, "REDIS_URL": redis_url, "LOG_LEVEL": "WARNING"}
        env["KAFKA_TOPIC_PREFIX"] = f"bench{uuid.uuid4().hex[:6]}."
        gateway_env = {**env, "VOUCHER_URL": f"http://127.0.0.1:{PORT}", "RATE_LIMIT_ENABLED": "0"}
        gateway_env["GATEWAY_DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/gateway.db"
        with (
            gunicorn("services.voucher.app:create_app()", PORT, env=env) as proc,
            gunicorn("services.gateway.app:create_app()", GATEWAY_PORT, env=gateway_env) as gw,
        ):
            base = f"http://127.0.0.1:{PORT}"
            campaign = open_campaign(base, quantity=CLAIMS * 2)
            members = [mint("member", f"cost-m-{i}", ("regular",), "460100") for i in range(CLAIMS)]
            meter = Meter(proc.pid, url, redis_url)
            hop = Meter(gw.pid, None, redis_url)

            def claim(session, token) -> int:  # through the gateway, as members do
                return session.post(
                    f"http://127.0.0.1:{GATEWAY_PORT}/api/v1/campaigns/{campaign}/claims",
                    headers={"Authorization": f"Bearer {token}"}, timeout=30,
                ).status_code  # fmt: skip

            (claim_cost, hop_cost), statuses = measured([meter, hop], members, claim)
            assert statuses.count(201) == CLAIMS, statuses[:20]
            engine = create_engine(url)
            with engine.begin() as conn:
                conn.execute(insert(merchants).values(
                    merchant_id="cost-shop", legal_name="cost shop", partner_type="discount_partner",
                    status="active", region="460100", categories=[], stores=[], as_of=datetime.now(UTC),
                ))  # fmt: skip
                codes = list(conn.execute(select(vouchers.c.code)).scalars())
            engine.dispose()
            shop = internal_token("merchant", "cost-shop", "POST", "/api/v1/merchant/redemptions")

            def redeem(session, code) -> int:
                return session.post(
                    f"{base}/api/v1/merchant/redemptions",
                    json={"code": code, "order_amount": 20000, "channel": "online"},
                    headers={"X-Internal-Token": shop}, timeout=30,
                ).status_code  # fmt: skip

            (redeem_cost,), statuses = measured([meter], codes, redeem)
            assert statuses.count(201) == len(codes), statuses[:20]
            meter.close()
            hop.close()
    return claim_cost, redeem_cost, hop_cost


def browse_cost(redis_url: str) -> dict:
    url = bench_catalog.database(bench_catalog.SMALL)
    token = internal_token("member", "cost-browse", "GET", bench_catalog.LIST_PATH, "mall-catalog")
    env = {"CATALOG_DATABASE_URL": url, "REDIS_URL": redis_url, "CATALOG_CACHE_TTL": "600"}
    env["LOG_LEVEL"] = "WARNING"
    with gunicorn("services.catalog.app:create_app()", CATALOG_PORT, env=env) as proc:
        page = f"http://127.0.0.1:{CATALOG_PORT}{bench_catalog.LIST_PATH}"
        assert requests.get(page, headers={"X-Internal-Token": token}, timeout=10).ok
        meter = Meter(proc.pid, url, redis_url)

        def browse(session, _n) -> int:
            return session.get(page, headers={"X-Internal-Token": token}, timeout=30).status_code

        (cost,), statuses = measured([meter], list(range(BROWSES)), browse)
        meter.close()
    assert statuses.count(200) == BROWSES
    return cost


def main() -> None:
    from benchmarks.bench_consume import consume_cost

    with private_redis() as redis_url:
        claim, redeem, hop = voucher_costs(redis_url)
        browse = browse_cost(redis_url)
        consume = consume_cost(EVENTS, redis_url)
    for name, cost in (("claim", claim), ("gateway_hop", hop), ("redemption", redeem),
                       ("cached_browse", browse), ("event_consumed", consume)):  # fmt: skip
        total = sum(cost.values())
        # The ratio is the app's share of the request's CPU: the rest is PostgreSQL and Redis.
        report(f"cpu_per_{name}", cost["app"] / total if total else 0.0, "info",
               total_ms=round(total, 3), app_ms=cost["app"], db_ms=cost["db"],
               redis_ms=cost["redis"])  # fmt: skip


if __name__ == "__main__":
    main()
