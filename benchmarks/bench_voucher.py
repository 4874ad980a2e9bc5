"""Claims per second against the bare Flask app, with the oversell count. Two figures:

`voucher_claims` (target 0.4): each round a fresh campaign of 300 vouchers is rushed by 5,000
members (wrk sends a different member per request), so it sells out and the rest of the rush
meets sold_out, as in a real opening; 201 and 409 both count as handled. The bare app and the
voucher service are loaded back to back in each round and the figure is the median of the
rounds' ratios (BENCH_VOUCHER_ROUNDS, default 3, of BENCH_VOUCHER_SECONDS, default 8 s), so a
busy moment of the machine or the instant of the sell-out does not decide it.

`voucher_claims_no_sellout`: 20,000 vouchers, all claimed by 20,000 members (every answer a
201, nothing refused), with the rehearsal's keep-alive driver against both apps: the cost of
the write path itself. `python -m benchmarks.bench_voucher` (PostgreSQL, Redis, Kafka running).
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
from services.mallctl.rehearse.loadgen import Claim, rush
from shared.config import DEV_INTERNAL_SECRET
from shared.migrations import upgrade
from shared.principal import Binding, Principal, issue_internal_token

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6390/5")
VOUCHER_APP = "services.voucher.app:create_app()"
HEADER = "X-Internal-Token"
MIGRATIONS = Path(__file__).resolve().parent.parent / "services" / "voucher" / "migrations"
QUANTITY, MEMBERS, PORT, BARE_PORT = 300, 5000, 18383, 18393
NO_SELLOUT = int(os.environ.get("BENCH_VOUCHER_NO_SELLOUT", "20000"))
ROUNDS = int(os.environ.get("BENCH_VOUCHER_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_VOUCHER_SECONDS", "8"))
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


def internal_token(
    role: str, sub: str, method: str, path: str, audience: str = "mall-voucher"
) -> str:
    """A token as the gateway signs it: for one service (the voucher's unless told), one
    method and path (the query string is not part of it)."""
    principal = Principal(role=role, sub=sub, segments=("regular",), region="460100")
    binding = Binding(audience, method, path.partition("?")[0])
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
    result = wrk(url, lua=script, duration=SECONDS)
    counts = [int(x) for x in Path(out.name).read_text().split()]
    os.unlink(out.name)
    return result, counts


def _count(url: str, campaign_ids: list[str]) -> tuple[int, int]:
    """(vouchers issued, members holding more than one) over the campaigns."""
    from services.voucher.adapters.orm import vouchers

    engine = create_engine(url)
    with engine.connect() as conn:
        issued = conn.execute(
            select(func.count()).where(vouchers.c.campaign_id.in_(campaign_ids))
        ).scalar_one()
        over_limit = conn.execute(
            select(func.count()).select_from(
                select(vouchers.c.member_id)
                .where(vouchers.c.campaign_id.in_(campaign_ids))
                .group_by(vouchers.c.campaign_id, vouchers.c.member_id)
                .having(func.count() > 1)
                .subquery()
            )
        ).scalar_one()
    engine.dispose()
    return issued, over_limit


def _direct_claims(prefix: str, n: int, path: str) -> list[Claim]:
    return [
        Claim(internal_token("member", f"{prefix}-{i}", "POST", path), header=HEADER)
        for i in range(n)
    ]


def main() -> None:
    with scratch_database("bench_voucher") as url:
        upgrade(url, MIGRATIONS)
        env = {
            "VOUCHER_DATABASE_URL": url,
            "REDIS_URL": REDIS_URL,
            "KAFKA_TOPIC_PREFIX": f"bench{uuid.uuid4().hex[:6]}.",
            "LOG_LEVEL": "WARNING",
        }
        bare_url = f"http://127.0.0.1:{BARE_PORT}"
        base = f"http://127.0.0.1:{PORT}"
        ratios, rounds, campaigns = [], [], []
        with gunicorn(BARE_APP, BARE_PORT), gunicorn(VOUCHER_APP, PORT, env=env):
            for _ in range(ROUNDS):
                campaign_id = open_campaign(base)
                campaigns.append(campaign_id)
                claims = f"/api/v1/campaigns/{campaign_id}/claims"
                tokens = [
                    internal_token("member", f"bench-m-{i}", "POST", claims) for i in range(MEMBERS)
                ]
                bare, _ = _load(f"{bare_url}/api/v1/claims", tokens)
                voucher, (ok, refused, other) = _load(f"{base}{claims}", tokens)
                handled = ok + refused
                rps = voucher.rps * handled / max(1, handled + other)  # only 201 and 409 count
                ratios.append(rps / bare.rps)
                rounds.append((rps, bare.rps, ok, refused, other + voucher.errors, voucher.p99_ms))
            big = open_campaign(base, quantity=NO_SELLOUT)
            claims = _direct_claims("bench-n", NO_SELLOUT, f"/api/v1/campaigns/{big}/claims")
            bare_all = rush(bare_url, "/api/v1/claims", claims, connections=32)
            all_claimed = rush(base, f"/api/v1/campaigns/{big}/claims", claims, connections=32)
        issued, over_limit = _count(url, campaigns)
        big_issued, big_over = _count(url, [big])
    middle = sorted(range(ROUNDS), key=lambda i: ratios[i])[ROUNDS // 2]
    rps, bare_rps, ok, refused, errors, p99 = rounds[middle]
    report(
        "voucher_claims",
        ratios[middle],
        str(TARGET),
        rounds="/".join(f"{r:.2f}" for r in ratios),
        rps=f"{rps:.0f}",
        bare_rps=f"{bare_rps:.0f}",
        issued=issued,
        oversell=max(0, issued - QUANTITY * ROUNDS) + over_limit,
        created=ok,
        refused=refused,
        errors=errors,
        p99_ms=f"{p99:.1f}",
    )
    created = all_claimed.statuses.get(201, 0)
    claims_per_s = created / all_claimed.seconds
    bare_per_s = bare_all.done / bare_all.seconds
    report(
        "voucher_claims_no_sellout",
        claims_per_s / bare_per_s,
        str(TARGET),
        claims_per_s=f"{claims_per_s:.0f}",
        bare_rps=f"{bare_per_s:.0f}",
        vouchers=NO_SELLOUT,
        issued=big_issued,
        oversell=max(0, big_issued - NO_SELLOUT) + big_over,
        statuses="/".join(f"{s}={n}" for s, n in sorted(all_claimed.statuses.items())),
        p99_ms=f"{all_claimed.percentile(99):.1f}",
    )


if __name__ == "__main__":
    main()
