"""Load through the one gateway address: members claiming vouchers, merchants redeeming some
of them, ops suspending and reinstating merchants over and over (events whose order per
merchant matters)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import uuid
from collections import Counter, deque
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from shared.dev_tokens import mint_token
from tests.support.infra import REPO

CLAIMERS = 3


class Load:
    def __init__(self, gateway: str, folder: Path, voucher_db: str, merchant_db: str) -> None:
        self.gateway, self.folder = gateway, folder
        self.voucher_db, self.merchant_db = voucher_db, merchant_db
        self.counts: Counter = Counter()
        self.toggled: dict[str, str] = {}
        self.lock = threading.Lock()
        self.codes: deque[str] = deque()  # claimed, not yet redeemed
        self.ops = {"Authorization": f"Bearer {mint_token('ops', 'ops-scale', ttl_seconds=3600)}"}

    def prepare(self) -> None:
        """The demo mall at a small scale: partners, products and open campaigns."""
        subprocess.run(
            [sys.executable, "-m", "services.mallctl", "--gateway", self.gateway, "seed"]
            + ["--scale", "0.01", "--state-file", str(self.folder / "seed.json")]
            + ["--credentials-file", str(self.folder / "credentials.json")],
            cwd=REPO, check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        self.merchants = self._column(
            self.merchant_db, "SELECT id FROM merchants WHERE status = 'active'"
        )
        campaigns = self._rows(
            self.voucher_db, "SELECT id, segments FROM campaigns WHERE status = 'published'"
        )
        self.campaign = next(c for c, segments in campaigns if segments in ("[]", []))
        credentials = json.loads((self.folder / "credentials.json").read_text())
        self.keys = [m["api_key"] for m in credentials["merchants"]]

    def _rows(self, url: str, sql: str) -> list:
        engine = create_engine(url)
        with engine.connect() as conn:
            rows = conn.execute(text(sql)).all()
        engine.dispose()
        return rows

    def _column(self, url: str, sql: str) -> list[str]:
        return [r[0] for r in self._rows(url, sql)]

    def note(self, response: requests.Response, kind: str) -> None:
        with self.lock:
            self.counts[f"{kind}_{response.status_code}"] += 1
            if response.status_code >= 500:
                self.counts["5xx"] += 1

    def run(self, stop: threading.Event) -> None:
        threads = [
            threading.Thread(target=work, args=(stop,), daemon=True)
            for work in (self.toggle, self.redeem)
        ]
        threads += [
            threading.Thread(target=self.claim, args=(stop,), daemon=True) for _ in range(CLAIMERS)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def toggle(self, stop: threading.Event) -> None:
        session, n = requests.Session(), 0
        while not stop.is_set():
            merchant = self.merchants[n % len(self.merchants)]
            action = "suspend" if self.toggled.get(merchant, "active") == "active" else "reinstate"
            response = session.post(
                f"{self.gateway}/api/v1/ops/merchants/{merchant}/{action}",
                json={"reason": "scale test"}, headers=self.ops, timeout=30,
            )  # fmt: skip
            self.note(response, action)
            if response.status_code == 200:
                self.toggled[merchant] = response.json()["status"]
            n += 1

    def claim(self, stop: threading.Event) -> None:
        session = requests.Session()
        while not stop.is_set():
            member = f"m-scale-{uuid.uuid4().hex[:10]}"
            token = mint_token(
                "member", member, segments=["regular"], region="460100", ttl_seconds=600
            )
            response = session.post(
                f"{self.gateway}/api/v1/campaigns/{self.campaign}/claims",
                headers={"Authorization": f"Bearer {token}"}, json={}, timeout=30,
            )  # fmt: skip
            self.note(response, "claim")
            if response.status_code == 201:
                self.codes.append(response.json()["code"])

    def redeem(self, stop: threading.Event) -> None:
        """Redeem every other claimed voucher: events for the merchant's redemption totals."""
        session, n = requests.Session(), 0
        while not stop.wait(0.05):
            while self.codes and not stop.is_set():
                code = self.codes.popleft()
                n += 1
                if n % 2:
                    continue
                response = session.post(
                    f"{self.gateway}/api/v1/merchant/redemptions",
                    json={"code": code, "order_amount": 50000, "channel": "online"},
                    headers={"X-Api-Key": self.keys[n % len(self.keys)]}, timeout=30,
                )  # fmt: skip
                self.note(response, "redeem")
