"""One rehearsal: open a campaign for N synthetic members, rush it, and check the stores agree."""

from __future__ import annotations

import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from services.mallctl.client import Gateway
from services.mallctl.rehearse.consistency import Agreement
from services.mallctl.rehearse.loadgen import Claim, Outcome, rush
from shared.dev_tokens import mint_token

SUBSIDY = 1000  # fen


@dataclass
class Rehearsal:
    campaign_id: str
    members: int
    quantity: int
    outcome: Outcome

    @property
    def issued(self) -> int:
        return self.outcome.statuses.get(201, 0)

    @property
    def claims_per_s(self) -> float:
        return self.issued / self.outcome.seconds if self.outcome.seconds else 0.0

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.outcome.statuses.items() if status >= 500)

    def summary(self, agreement: Agreement | None) -> list[str]:
        o = self.outcome
        statuses = " ".join(f"{s}={n}" for s, n in sorted(o.statuses.items()))
        errors = " ".join(f"{e}={n}" for e, n in sorted(o.errors.items())) or "none"
        lines = [
            f"campaign {self.campaign_id}: {self.members} members, {self.quantity} vouchers",
            f"{self.issued} issued in {o.seconds:.1f} s: {self.claims_per_s:.0f} claims/s "
            f"(all answers: {o.done / o.seconds if o.seconds else 0:.0f}/s)",
            f"latency ms: p50={o.percentile(50):.1f} p95={o.percentile(95):.1f} "
            f"p99={o.percentile(99):.1f} max={max(o.latencies_ms, default=0):.1f}",
            f"statuses: {statuses}; connection errors: {errors}",
        ]
        return lines + (agreement.lines() if agreement else [])


def open_campaign(gateway: Gateway, quantity: int, limit: int) -> str:
    """Create and publish a campaign open now, for everyone, through the ops API."""
    now = datetime.now(UTC)
    body = {
        "name": f"rehearsal {now:%Y-%m-%d %H:%M:%S}",
        "benefit": {"type": "amount_off", "threshold": 5000, "amount_off": SUBSIDY},
        "subsidy": SUBSIDY,
        "quantity": quantity,
        "budget": quantity * SUBSIDY,
        "per_member_limit": limit,
        "claim_starts_at": (now - timedelta(seconds=5)).isoformat(),
        "claim_ends_at": (now + timedelta(hours=2)).isoformat(),
        "valid_days": 7,
    }
    campaign_id = gateway.post("/api/v1/ops/campaigns", body)["id"]
    gateway.post(f"/api/v1/ops/campaigns/{campaign_id}/publish")
    return campaign_id


def member_claims(members: int, run: str) -> list[Claim]:
    """A token and a distinct client address for each synthetic member."""
    claims = []
    for i in range(members):
        token = mint_token(
            "member", f"rehearse-{run}-{i}", segments=["regular"], region="460100",
            ttl_seconds=3 * 3600,
        )  # fmt: skip
        claims.append(Claim(token, f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"))
    return claims


class Progress:
    """A one-line progress report on stderr, at most every half second."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled = total, enabled
        self.done = self.issued = 0
        self.started = self.shown = time.monotonic()

    def __call__(self, status: int) -> None:
        self.done += 1
        self.issued += status == 201
        now = time.monotonic()
        if self.enabled and (now - self.shown > 0.5 or self.done == self.total):
            self.shown = now
            rate = self.issued / max(1e-6, now - self.started)
            sys.stderr.write(
                f"\r{self.done}/{self.total} answered, {self.issued} issued, {rate:.0f} claims/s "
            )
            if self.done == self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def run_rehearsal(
    gateway: Gateway, *, members: int, quantity: int | None = None, limit: int = 1,
    connections: int = 64, progress: bool = True,
) -> Rehearsal:  # fmt: skip
    """Mint the members' tokens, open the campaign, then claim once per member."""
    quantity = quantity or members
    claims = member_claims(members, uuid.uuid4().hex[:8])
    campaign_id = open_campaign(gateway, quantity, limit)
    path = f"/api/v1/campaigns/{campaign_id}/claims"
    outcome = rush(
        gateway.base_url, path, claims, connections=connections,
        on_answer=Progress(members, progress),
    )  # fmt: skip
    return Rehearsal(campaign_id, members, quantity, outcome)
