"""After the chaos: settle, then check that nothing was lost, doubled or left disagreeing."""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

import requests
from kafka import KafkaConsumer
from sqlalchemy import create_engine, text

from tests.chaos.stack import SERVICES, ChaosStack
from tests.chaos.traffic import Record


@dataclass
class Row:
    check: str
    ok: bool
    figures: str


def query(stack: ChaosStack, service: str, sql: str) -> list:
    engine = create_engine(stack.db_url(service))
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql)))
    finally:
        engine.dispose()


def settle(stack: ChaosStack, timeout: float = 240) -> float:
    """Wait until every outbox is published and every consumer has caught up; return seconds."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        waiting = sum(
            query(stack, s, "SELECT count(*) FROM outbox WHERE published_at IS NULL")[0][0]
            for s in SERVICES
        )
        if waiting == 0 and stack.ready():
            time.sleep(5)  # consumers apply what was just published
            return time.monotonic() - started
        time.sleep(1)
    raise AssertionError(f"the mall did not settle within {timeout} s")


def read_events(stack: ChaosStack, topic: str) -> list[dict]:
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=stack.env["KAFKA_BOOTSTRAP"],
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=5000,
    )
    try:
        return [json.loads(m.value) for m in consumer]
    finally:
        consumer.close()


def outage_windows(answers: list, gap: float = 2.0) -> list[float]:
    """Lengths of the stretches in which users got 503s (answers closer than `gap` s joined)."""
    times = sorted(t for t, _, status in answers if status == 503)
    windows, start, last = [], None, None
    for t in times:
        if start is None or t - last > gap:
            if start is not None:
                windows.append(last - start)
            start = t
        last = t
    if start is not None:
        windows.append(last - start)
    return windows


def copies_disagree(stack: ChaosStack, record: Record, standing: dict, redemptions: list) -> list:
    """What the consumers' copies (and the gateway's caches) say that their sources do not."""
    disagree = []
    for copy in ("catalog", "voucher"):
        rows_ = query(stack, copy, "SELECT merchant_id, status FROM merchants")
        disagree += [
            f"{copy}:{r.merchant_id}" for r in rows_ if standing.get(r.merchant_id) != r.status
        ]
        disagree += [f"{copy}:{m} absent" for m in set(standing) - {r.merchant_id for r in rows_}]
    per_merchant = Counter(r.merchant_id for r in redemptions)
    reversed_ = Counter(r.merchant_id for r in redemptions if r.reversed_at)
    totals = query(
        stack, "merchant", "SELECT merchant_id, redeemed, reversed FROM redemption_totals"
    )
    got = {t.merchant_id: (t.redeemed, t.reversed) for t in totals if t.redeemed or t.reversed}
    want = {m: (n, reversed_[m]) for m, n in per_merchant.items()}
    if got != want:
        disagree.append(f"member-service counts {got} != {want}")
    for merchant in record.suspended:
        page = requests.get(f"{stack.gateway}/api/v1/products", params={"merchant_id": merchant},
                            timeout=10)  # fmt: skip
        if page.status_code != 200 or page.json()["items"]:
            disagree.append(f"gateway page still shows suspended {merchant}")
    for merchant, key in record.keys.items():  # no stale verdict on a key, even after Redis
        profile = requests.get(f"{stack.gateway}/api/v1/merchant/profile",
                               headers={"X-Api-Key": key}, timeout=10)  # fmt: skip
        if profile.status_code != (403 if standing.get(merchant) == "suspended" else 200):
            disagree.append(f"key of {merchant} ({standing.get(merchant)}): {profile.status_code}")
    return disagree


def check_all(stack: ChaosStack, record: Record, recoveries: dict[str, float | None]) -> list[Row]:
    rows: list[Row] = []
    vouchers = {r.id: r for r in query(stack, "voucher", "SELECT id, campaign_id FROM vouchers")}
    missing = set(record.claims) - set(vouchers)
    rows.append(Row("every 201 claim is in PostgreSQL", not missing,
                    f"{len(record.claims)} acknowledged, {len(missing)} missing"))  # fmt: skip
    ledger = query(
        stack, "voucher", "SELECT redemption_id, kind, merchant_id, amount FROM ledger_entries"
    )
    booked = {(r.redemption_id, r.kind) for r in ledger}
    lost = [r for r in record.redemptions if (r, "redemption") not in booked]
    lost += [r for r in record.reversals if (r, "reversal") not in booked]
    rows.append(Row("every redemption and reversal is in the ledger", not lost,
                    f"{len(record.redemptions)} redeemed, {len(record.reversals)} reversed, "
                    f"{len(lost)} missing"))  # fmt: skip

    voucher_events = read_events(stack, "voucher.events")
    by_type = defaultdict(set)
    for e in voucher_events:
        by_type[e["type"]].add(e["data"].get("redemption_id") or e["data"].get("voucher_id"))
    redemptions = query(
        stack, "voucher", "SELECT id, merchant_id, subsidy, reversed_at FROM redemptions"
    )
    unpublished = set(vouchers) - by_type["voucher.claimed"]
    unpublished |= {r.id for r in redemptions} - by_type["voucher.redeemed"]
    unpublished |= {r.id for r in redemptions if r.reversed_at} - by_type["voucher.reversed"]
    merchants = query(stack, "merchant", "SELECT id, status FROM merchants")
    merchant_events = read_events(stack, "merchant.events")
    seen = {(e["type"], e["data"].get("merchant_id")) for e in merchant_events}
    unpublished |= {m.id for m in merchants if ("merchant.approved", m.id) not in seen}
    unpublished |= {
        m.id
        for m in merchants
        if m.status == "suspended" and ("merchant.suspended", m.id) not in seen
    }
    rows.append(Row("every committed voucher, redemption, merchant change is on Kafka",
                    not unpublished, f"{len(voucher_events) + len(merchant_events)} events, "
                    f"{len(unpublished)} missing"))  # fmt: skip

    standing = {m.id: m.status for m in merchants}
    waited, disagree = time.monotonic(), copies_disagree(stack, record, standing, redemptions)
    while disagree and time.monotonic() - waited < 120:  # consumers are eventually consistent
        time.sleep(2)
        disagree = copies_disagree(stack, record, standing, redemptions)
    rows.append(Row("every consumer's copy agrees with its source", not disagree,
                    f"{len(standing)} merchants; "
                    f"agreed after {time.monotonic() - waited:.0f} s more; "
                    f"{len(disagree)} disagreeing {disagree[:3]}"))  # fmt: skip

    campaigns = query(stack, "voucher", "SELECT id, quantity, budget FROM campaigns")
    issued = Counter(v.campaign_id for v in vouchers.values())
    spent = Counter()
    for r in query(stack, "voucher", "SELECT campaign_id, subsidy FROM vouchers"):
        spent[r.campaign_id] += r.subsidy
    over = [c.id for c in campaigns if issued[c.id] > c.quantity or spent[c.id] > c.budget]
    twice = query(
        stack,
        "voucher",
        "SELECT voucher_id FROM redemptions GROUP BY voucher_id HAVING count(*) > 1",
    )
    twice += query(
        stack,
        "voucher",
        "SELECT redemption_id FROM ledger_entries GROUP BY redemption_id, kind HAVING count(*) > 1",
    )
    rows.append(Row("0 oversold, 0 redeemed twice", not over and not twice,
                    f"{len(vouchers)} vouchers in {len(campaigns)} campaigns; "
                    f"{len(over)} oversold, {len(twice)} twice"))  # fmt: skip

    owed = defaultdict(int)
    for r in redemptions:
        owed[r.merchant_id] += 0 if r.reversed_at else r.subsidy
    booked_sum = defaultdict(int)
    for e in ledger:
        booked_sum[e.merchant_id] += e.amount
    off = {m for m in set(owed) | set(booked_sum) if owed[m] != booked_sum[m]}
    rows.append(Row("settlement = redemptions - reversals, to the fen", not off,
                    f"{sum(booked_sum.values())} fen owed to {len(booked_sum)} merchants; "
                    f"{len(off)} off"))  # fmt: skip

    dead = {s: query(stack, s, "SELECT count(*) FROM dead_letters")[0][0] for s in SERVICES}
    rows.append(Row("dead-letter tables are empty", not any(dead.values()), json.dumps(dead)))

    statuses = Counter(status for _, _, status in record.answers)
    windows = outage_windows(record.answers)
    fives = sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500)
    odd = [s for s in statuses if isinstance(s, str) and s.startswith("bug:")]
    other = Counter(f"{a} {s}" for _, a, s in record.answers if isinstance(s, int) and s > 503)
    other += Counter(f"{a} {s}" for _, a, s in record.answers if s in (500, 501, 502))
    rows.append(Row("503s while a part was away; no 500", statuses[500] == 0 and not odd,
                    f"{len(record.answers)} answers: {statuses[503]} x 503 in {len(windows)} "
                    f"stretches ({sum(windows):.1f} s, longest {max(windows, default=0):.1f} s), "
                    f"{statuses[500]} x 500, {fives} x 5xx in all "
                    f"{ {s: n for s, n in statuses.items() if isinstance(s, int) and s >= 500} }, "
                    f"{sum(n for s, n in statuses.items() if isinstance(s, str))} "
                    f"connection errors, unexpected answers {odd[:2]}; other 5xx by action "
                    f"{dict(other)}"))  # fmt: skip
    slow = {p: t for p, t in recoveries.items() if t is None}
    rows.append(Row("every part recovered by itself", not slow,
                    ", ".join(f"{p} {t:.1f} s" if t is not None else f"{p} NEVER"
                              for p, t in recoveries.items())))  # fmt: skip
    return rows


def table(rows: list[Row]) -> str:
    lines = ["| check | result | figures |", "| --- | --- | --- |"]
    lines += [f"| {r.check} | {'ok' if r.ok else 'FAILED'} | {r.figures} |" for r in rows]
    return "\n".join(lines)
