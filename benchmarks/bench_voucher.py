"""Claims per second under contention, against the bare Flask app, with the oversell count.

`python -m benchmarks.bench_voucher` (PostgreSQL, Redis and Kafka running): a fresh database,
one published campaign of 300 vouchers rushed by 5,000 members (wrk sends a different member
per request), so that it sells out and the rest of the rush meets sold_out, as in a real opening.
Both 201 and 409 count as handled claims.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from sqlalchemy import create_engine, func, select

from benchmarks.harness import BARE_APP, gunicorn, report, scratch_database, wrk
from shared.config import DEV_INTERNAL_SECRET
from shared.migrations import upgrade
from shared.principal import Binding, Principal, issue_internal_token

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6390/5")
MIGRATIONS = Path(__file__).resolve().parent.parent / "services" / "voucher" / "migrations"
QUANTITY, MEMBERS, PORT, BARE_PORT = 300, 5000, 18383, 18393
TARGET = 0.4

LUA = """
local tokens = {%(tokens)s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) n = math.random(#tokens); c201 = 0; c409 = 0; other = 0 end
function request()
  n = n + 1
  return wrk.format("POST", nil, {["X-Internal-Token"] = tokens[(n %% #tokens) + 1]}, "")
end
function response(status, headers, body)
  if status == 201 then c201 = c201 + 1 elseif status == 409 then c409 = c409 + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads) do a = a + t:get("c201"); b = b + t:get("c409"); c = c + t:get("other") end
  local f = io.open("%(out)s", "w"); f:write(a .. " " .. b .. " " .. c); f:close()
end
"""


def internal_token(role: str, sub: str, method: str, path: str) -> str:
    """A token as the gateway signs it: for the voucher service, one method and path."""
    principal = Principal(role=role, sub=sub, segments=("regular",), region="460100")
    binding = Binding("mall-voucher", method, path)
    return issue_internal_token(principal, DEV_INTERNAL_SECRET, binding, ttl_seconds=3600)


def open_campaign(base: str, quantity: int = QUANTITY, per_member_limit: int = 1) -> str:
    """Create and publish a campaign through the voucher service's ops API; return its id."""
    now = datetime.now(UTC)
    body = {
        "name": "bench rush",
        "benefit": {"type": "amount_off", "threshold": 5000, "amount_off": 1000},
        "subsidy": 1000,
        "quantity": quantity,
        "budget": quantity * 1000,
        "per_member_limit": per_member_limit,
        "claim_starts_at": (now - timedelta(minutes=1)).isoformat(),
        "claim_ends_at": (now + timedelta(hours=1)).isoformat(),
        "valid_days": 7,
    }
    path = "/api/v1/ops/campaigns"
    ops = {"X-Internal-Token": internal_token("ops", "bench-ops", "POST", path)}
    resp = requests.post(f"{base}{path}", json=body, headers=ops, timeout=10)
    resp.raise_for_status()
    campaign_id = resp.json()["id"]
    path = f"/api/v1/ops/campaigns/{campaign_id}/publish"
    ops = {"X-Internal-Token": internal_token("ops", "bench-ops", "POST", path)}
    requests.post(f"{base}{path}", headers=ops, timeout=10).raise_for_status()
    return campaign_id


def _load(url: str, tokens: list[str]) -> tuple[object, list[int]]:
    out = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)  # noqa: SIM115 - wrk writes it
    out.close()
    script = LUA % {"tokens": ",".join(json.dumps(t) for t in tokens), "out": out.name}
    result = wrk(url, lua=script)
    counts = [int(x) for x in Path(out.name).read_text().split()]
    os.unlink(out.name)
    return result, counts


def main() -> None:
    from services.voucher.adapters.orm import vouchers

    with scratch_database("bench_voucher") as url:
        upgrade(url, MIGRATIONS)
        env = {
            "VOUCHER_DATABASE_URL": url,
            "REDIS_URL": REDIS_URL,
            "KAFKA_TOPIC_PREFIX": f"bench{uuid.uuid4().hex[:6]}.",
            "LOG_LEVEL": "WARNING",
        }
        with gunicorn("services.voucher.app:create_app()", PORT, env=env):
            base = f"http://127.0.0.1:{PORT}"
            campaign_id = open_campaign(base)
            claims = f"/api/v1/campaigns/{campaign_id}/claims"
            tokens = [
                internal_token("member", f"bench-m-{i}", "POST", claims) for i in range(MEMBERS)
            ]
            voucher, (ok, refused, other) = _load(
                f"{base}/api/v1/campaigns/{campaign_id}/claims", tokens
            )
        with gunicorn(BARE_APP, BARE_PORT):
            bare, _ = _load(f"http://127.0.0.1:{BARE_PORT}/api/v1/claims", tokens)
        engine = create_engine(url)
        with engine.connect() as conn:
            issued = conn.execute(
                select(func.count())
                .select_from(vouchers)
                .where(vouchers.c.campaign_id == campaign_id)
            ).scalar_one()
            over_limit = conn.execute(
                select(func.count()).select_from(
                    select(vouchers.c.member_id)
                    .group_by(vouchers.c.member_id)
                    .having(func.count() > 1)
                    .subquery()
                )
            ).scalar_one()
        engine.dispose()
        handled = ok + refused
        rps = voucher.rps * handled / max(1, handled + other)  # only 201 and 409 count
        report(
            "voucher_claims",
            rps / bare.rps,
            str(TARGET),
            rps=f"{rps:.0f}",
            bare_rps=f"{bare.rps:.0f}",
            issued=issued,
            oversell=max(0, issued - QUANTITY) + over_limit,
            created=ok,
            refused=refused,
            errors=other + voucher.errors,
            p99_ms=f"{voucher.p99_ms:.1f}",
        )


if __name__ == "__main__":
    main()
