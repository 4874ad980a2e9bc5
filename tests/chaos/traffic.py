"""Mixed traffic through the gateway, as the mall's users make it, with every answer recorded.

Browse 10 : claim 2 : redeem 1 (a quarter of redemptions reversed later), and now and then a
partner onboarded (applied, approved, its contact's key link opened) or suspended by ops.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests
from sqlalchemy.exc import SQLAlchemyError

from services.merchant.entrypoints import sms_outbox
from shared.dev_tokens import mint_token
from tests.merchant.helpers import application

WEIGHTS = {"browse": 10, "claim": 2, "redeem": 1, "onboard": 0.15, "suspend": 0.05}
MEMBERS = 3000


@dataclass
class Record:
    """What the users saw: every answer, and every write the mall acknowledged."""

    answers: list = field(default_factory=list)  # (monotonic time, action, status)
    claims: dict = field(default_factory=dict)  # voucher id -> voucher
    redemptions: dict = field(default_factory=dict)  # redemption id -> redemption
    reversals: set = field(default_factory=set)  # redemption ids
    onboarded: list = field(default_factory=list)  # merchant ids approved by ops
    suspended: list = field(default_factory=list)
    keys: dict = field(default_factory=dict)  # merchant id -> API key, of the onboarded
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, action: str, status: int | str) -> None:
        with self.lock:
            self.answers.append((time.monotonic(), action, status))


class Traffic:
    def __init__(
        self, gateway: str, creds: dict, merchant_db: str, threads: int = 6, seed: int = 7
    ) -> None:
        self.gateway = gateway
        self.merchant_db = merchant_db  # where the SMS gateway's stand-in reads key links
        self.keys = [m["api_key"] for m in creds["merchants"]][:20]
        self.ops = {"Authorization": f"Bearer {mint_token('ops', 'ops-chaos')}"}
        self.record = Record()
        self.threads = threads
        self.rng = random.Random(seed)
        self.stop_event = threading.Event()
        self.campaigns: list[str] = []
        self.workers: list[threading.Thread] = []

    def member(self, n: int) -> dict:
        token = mint_token("member", f"m-chaos-{n}", segments=["regular"], region="460100")
        return {"Authorization": f"Bearer {token}"}

    def start(self) -> None:
        resp = requests.get(f"{self.gateway}/api/v1/campaigns", headers=self.member(0), timeout=30)
        resp.raise_for_status()
        self.campaigns = [c["id"] for c in resp.json()["items"] if c["eligible"]]
        assert self.campaigns, "the seed opened no campaign a regular member may claim"
        for i in range(self.threads):
            t = threading.Thread(target=self._run, args=(i,), daemon=True, name=f"traffic-{i}")
            t.start()
            self.workers.append(t)

    def stop(self) -> Record:
        self.stop_event.set()
        for t in self.workers:
            t.join(timeout=30)
        return self.record

    def _run(self, n: int) -> None:
        rng = random.Random(n)
        actions, weights = zip(*WEIGHTS.items(), strict=True)
        session = requests.Session()
        while not self.stop_event.is_set():
            action = rng.choices(actions, weights)[0]
            try:
                status = getattr(self, f"_{action}")(session, rng)
            except (requests.RequestException, ValueError) as err:  # no answer, or not JSON
                status = f"error:{type(err).__name__}"
            except Exception as err:  # noqa: BLE001 - an answer of an unexpected shape
                status = f"bug:{type(err).__name__}: {err}"
            if status is not None:
                self.record.answer(action, status)
            time.sleep(0.02)

    def _call(self, session, method: str, path: str, **kwargs) -> requests.Response:
        return session.request(method, f"{self.gateway}{path}", timeout=15, **kwargs)

    def _browse(self, session, rng) -> int:
        params = rng.choice([{"limit": 10}, {"q": "椰子"}, {"region": "460100"}, {"limit": 5}])
        return self._call(session, "GET", "/api/v1/products", params=params).status_code

    def _claim(self, session, rng) -> int:
        campaign = rng.choice(self.campaigns)
        who = self.member(rng.randrange(MEMBERS))
        headers = {**who, "Idempotency-Key": uuid.uuid4().hex}
        resp = self._call(session, "POST", f"/api/v1/campaigns/{campaign}/claims", headers=headers)
        if resp.status_code == 201:
            body = resp.json()
            with self.record.lock:
                self.record.claims[body["id"]] = body
        return resp.status_code

    def _redeem(self, session, rng) -> int | None:
        with self.record.lock:
            used = {r["voucher_id"] for r in self.record.redemptions.values()}
            open_ = [v for v in self.record.claims.values() if v["id"] not in used]
        if not open_:
            return None
        voucher = rng.choice(open_)
        sale = {"code": voucher["code"], "order_amount": 50000, "channel": "online"}
        key = {"X-Api-Key": rng.choice(self.keys)}
        resp = self._call(session, "POST", "/api/v1/merchant/redemptions", headers=key, json=sale)
        if resp.status_code == 201:
            body = resp.json()
            with self.record.lock:
                self.record.redemptions[body["id"]] = body
            if rng.random() < 0.25:
                back = self._call(
                    session,
                    "POST",
                    f"/api/v1/merchant/redemptions/{body['id']}/reversal",
                    headers=key,
                    json={"reason": "chaos: order cancelled"},
                )
                self.record.answer("reverse", back.status_code)
                if back.status_code in (200, 201):
                    with self.record.lock:
                        self.record.reversals.add(body["id"])
        return resp.status_code

    def _onboard(self, session, rng) -> int:
        resp = self._call(session, "POST", "/api/v1/merchant-applications", json=application())
        if resp.status_code != 201:
            return resp.status_code
        approved = self._call(
            session,
            "POST",
            f"/api/v1/ops/merchant-applications/{resp.json()['id']}/approve",
            headers=self.ops,
            json={},
        )
        if approved.status_code == 201:
            merchant = approved.json()["merchant"]["id"]
            with self.record.lock:
                self.record.onboarded.append(merchant)
            key = self._open_key_link(session, merchant)
            if key:
                with self.record.lock:
                    self.record.keys[merchant] = key
        return approved.status_code

    def _open_key_link(self, session, merchant: str) -> str | None:
        """The contact opens the link the SMS brought; None while a part of the mall is away."""
        try:
            tokens = sms_outbox.read_tokens([merchant], {"database_url": self.merchant_db})
        except SQLAlchemyError:
            return None  # the database is being killed: this merchant goes without a key
        if merchant not in tokens:  # the approval committed, so its message must be there
            self.record.answer("key_link", "bug: approved with no key link sent")
            return None
        opened = self._call(
            session, "POST", "/api/v1/merchant-key-retrievals", json={"token": tokens[merchant]}
        )
        self.record.answer("key_link", opened.status_code)
        return opened.json()["api_key"] if opened.status_code == 201 else None

    def _suspend(self, session, rng) -> int | None:
        with self.record.lock:
            candidates = [m for m in self.record.onboarded if m not in self.record.suspended]
        if not candidates:
            return None
        merchant = rng.choice(candidates)
        resp = self._call(
            session,
            "POST",
            f"/api/v1/ops/merchants/{merchant}/suspend",
            headers=self.ops,
            json={"reason": "chaos: ops suspension"},
        )
        if resp.status_code in (200, 201):
            with self.record.lock:
                self.record.suspended.append(merchant)
        return resp.status_code
