"""`make scale-test`: the mall with 2 instances of every worker and 3 of every web process
behind one gateway address, under load; one worker instance killed; then the checks: the
survivor took over within the session timeout, order held per aggregate, every effect applied
once, nothing stuck in an outbox. Prints consumer lag before and after."""

from __future__ import annotations

import importlib
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from types import SimpleNamespace

from shared.outbox.slots import SLOTS
from tests.scale.kafka_view import KafkaView
from tests.scale.load import Load
from tests.scale.mall import SERVICES, ScaledMall
from tests.scale.state import database_facts, relay_slots

SESSION_TIMEOUT = 10.0  # shared.messaging.kafka: session_timeout_ms
GROUPS = {  # consumer group (without prefix) -> topics
    "catalog-merchants": ["merchant.events"],
    "voucher-merchants": ["merchant.events"],
    "gateway-cache": ["merchant.events", "catalog.events", "voucher.events"],
    "merchant-redemption-totals": ["voucher.events"],
}
# Each group records only the events it has a handler for; the rest it skips unparsed.
HANDLERS = {
    "catalog-merchants": "services.catalog.entrypoints.consumer",
    "voucher-merchants": "services.voucher.entrypoints.consumer",
    "gateway-cache": "services.gateway.entrypoints.consumer",
    "merchant-redemption-totals": "services.merchant.entrypoints.consumer",
}
RELAY_LEASE = 30.0  # shared.outbox.relay: lease_seconds
VICTIM = "catalog-worker.1"
VICTIM_GROUP = "catalog-merchants"


def say(line: str) -> None:
    print(f"scale: {line}", flush=True)


def handled_types(group: str) -> set[str]:
    """The event types `group` applies (and records as processed)."""
    module = importlib.import_module(HANDLERS[group])
    # the handlers only use their argument when called, so no context is needed to list them
    return set(module.handlers(SimpleNamespace(cache=None)))


def lags(view: KafkaView, mall: ScaledMall) -> dict[str, int]:
    return {
        g: view.lag(mall.prefix + g, [mall.prefix + t for t in topics])
        for g, topics in GROUPS.items()
    }


def wait(predicate, timeout: float, what: str) -> float:
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.2)
    return time.monotonic() - start


def main() -> int:
    mall = ScaledMall(Path(tempfile.mkdtemp(prefix="mall-scale-")))
    failures: list[str] = []
    try:
        started = time.monotonic()
        mall.start()
        say(
            f"up in {time.monotonic() - started:.0f} s: {len(mall.processes)} processes, gateway {mall.gateway}"
        )
        load = Load(
            mall.gateway, mall.folder, mall.database_url("voucher"), mall.database_url("merchant")
        )
        load.prepare()
        view = KafkaView()
        stop = threading.Event()
        runner = threading.Thread(target=load.run, args=(stop,), daemon=True)
        runner.start()
        time.sleep(15)
        before = lags(view, mall)
        say(f"consumer lag before the kill: {before}")
        say(f"outbox slots per relay: { {s: relay_slots(mall, s) for s in SERVICES} }")
        if len(relay_slots(mall, "catalog")) != 2:
            failures.append(
                f"the catalog's relays do not share its outbox: {relay_slots(mall, 'catalog')}"
            )
        group = mall.prefix + VICTIM_GROUP
        assert len(view.members(group)) == 2, view.members(group)
        killed_at = time.monotonic()
        mall.kill(VICTIM)
        took = wait(lambda: len(view.members(group)) == 1, SESSION_TIMEOUT + 10, "rebalance")
        say(f"killed {VICTIM}; {VICTIM_GROUP} rebalanced to the survivor in {took:.1f} s"
            f" (session timeout {SESSION_TIMEOUT:.0f} s)")  # fmt: skip
        if took > SESSION_TIMEOUT + 5:
            failures.append(f"takeover took {took:.1f} s")
        all_slots = lambda: list(relay_slots(mall, "catalog").values()) == [SLOTS]  # noqa: E731
        wait(all_slots, RELAY_LEASE + 20, "relay takeover")
        say(f"the surviving catalog relay holds all {SLOTS} outbox slots"
            f" {time.monotonic() - killed_at:.1f} s after the kill (lease {RELAY_LEASE:.0f} s)")  # fmt: skip
        time.sleep(10)
        stop.set()
        runner.join(timeout=60)
        say(f"load: {dict(load.counts)}")
        if load.counts.get("5xx"):
            failures.append(f"{load.counts['5xx']} answers were 5xx")
        drained = wait(lambda: not any(lags(view, mall).values()), 180, "consumers catching up")
        after = lags(view, mall)
        say(f"consumer lag after: {after} (caught up {drained:.0f} s after the load stopped)")
        failures += check(mall, view, load)
        view.close()
    finally:
        mall.stop()
    for failure in failures:
        say(f"FAILED: {failure}")
    say("passed" if not failures else f"{len(failures)} checks failed")
    return 1 if failures else 0


def check(mall: ScaledMall, view: KafkaView, load: Load) -> list[str]:
    failures: list[str] = []
    facts = database_facts(mall)
    say(f"outbox rows left unpublished: {facts.unpublished}; dead letters: {facts.dead_letters}")
    if any(facts.unpublished.values()):
        failures.append(f"stuck in an outbox: {facts.unpublished}")
    if any(facts.dead_letters.values()):
        failures.append(f"dead letters: {facts.dead_letters}")
    events, expected = 0, defaultdict(set)
    for topic in ("merchant.events", "catalog.events", "voucher.events"):
        messages = view.read_all(mall.prefix + topic)
        events += len(messages)
        failures += order_failures(topic, messages, facts.outbox_ids)
        for group, topics in GROUPS.items():
            if topic in topics:
                handled = handled_types(group)
                expected[group] |= {e["id"] for _, _, e in messages if e["type"] in handled}
    for group, ids in expected.items():
        applied = facts.processed[group]
        if applied != ids:
            failures.append(
                f"{group}: {len(ids - applied)} events not applied, {len(applied - ids)} unknown"
            )
    counts = {group: len(ids) for group, ids in expected.items()}
    say(f"{events} events on the topics; each group applied each event it handles once: {counts}")
    if facts.standing_mismatches:
        failures.append(f"catalog's merchant standing differs: {facts.standing_mismatches}")
    else:
        say(
            f"catalog's copy of {len(load.toggled)} toggled merchants' standing matches the merchant service"
        )
    return failures


def order_failures(topic: str, messages, outbox_ids: dict[str, int]) -> list[str]:
    """Per key: one partition, and the producer's outbox order within it."""
    partitions: dict[str, set[int]] = defaultdict(set)
    last: dict[str, int] = {}
    bad = Counter()
    for partition, key, event in messages:
        partitions[key].add(partition)
        position = outbox_ids.get(event["id"])
        if position is None:
            bad["not in any outbox"] += 1
            continue
        if key in last and position <= last[key]:
            bad["out of order or repeated"] += 1
        last[key] = max(position, last.get(key, -1))
    spread = [k for k, p in partitions.items() if len(p) > 1]
    if spread:
        bad["keys on several partitions"] = len(spread)
    say(
        f"{topic}: {len(messages)} messages, {len(partitions)} aggregates, order per aggregate {'held' if not bad else dict(bad)}"
    )
    return [f"{topic}: {dict(bad)}"] if bad else []


if __name__ == "__main__":
    sys.exit(main())
