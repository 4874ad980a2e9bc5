"""Seed the demo mall through the gateway, as partners and ops would, safe to run twice."""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from services.mallctl import contact_links
from services.mallctl.client import Gateway, GatewayError
from services.mallctl.demo_data import MerchantPlan
from services.mallctl.payloads import application_body, campaign_bodies, product_body
from services.mallctl.state import SeedState

# Until the catalog has consumed merchant.approved, it refuses the merchant's products.
NOT_YET_KNOWN = {401, 403, 404, 409, 503}


class Seeder:
    """Apply, approve, open the contact's key link, list products for each planned partner; then
    open campaigns."""

    def __init__(self, gateway: Gateway, state: SeedState, *, ready_timeout: float = 180.0):
        self.gw = gateway
        self.state = state
        self.ready_timeout = ready_timeout
        self.counts: Counter[str] = Counter()

    def seed_merchants(
        self,
        plans: list[MerchantPlan],
        concurrency: int,
        on_done: Callable[[int], None],
    ) -> list[str]:
        """Onboard every partner, then add their products; report steps; return errors.

        Products come second so that the catalog has had the time to learn of the approvals.
        """
        errors: list[str] = []

        def run(plan: MerchantPlan, step: Callable[[MerchantPlan], None], weight: int) -> None:
            try:
                step(plan)
            except GatewayError as err:
                errors.append(f"{plan.key}: {err.message}")
            on_done(weight or len(plan.products))

        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="seed") as pool:
            list(pool.map(lambda p: run(p, self.onboard_merchant, 1), plans))
            self.state.save()
            errors += self.open_key_links(plans, pool)
            self.state.save()
            list(pool.map(lambda p: run(p, self.add_products, 0), plans))
        self.state.save()
        return errors

    def onboard_merchant(self, plan: MerchantPlan) -> None:
        """Apply and approve, unless an earlier run did."""
        if not self.state.merchant(plan.key).get("merchant_id"):
            self._onboard(plan)

    def open_key_links(self, plans: list[MerchantPlan], pool: ThreadPoolExecutor) -> list[str]:
        """Each approved partner without a key opens the link its contact got; return errors.

        A link an earlier run spent (and whose key it lost) is sent again by ops, then opened."""
        waiting = {
            done["merchant_id"]: plan.key
            for plan in plans
            if (done := self.state.merchant(plan.key)).get("merchant_id")
            and not done.get("api_key")
        }
        for attempt in ("first", "resent"):
            ids = list(waiting)
            tokens = contact_links.sent_tokens(ids)
            keys = pool.map(contact_links.open_link, [self.gw] * len(ids), map(tokens.get, ids))
            for merchant_id, key in zip(ids, keys, strict=True):
                if key:
                    self.state.update_merchant(waiting.pop(merchant_id), api_key=key)
                elif attempt == "first":
                    contact_links.resend(self.gw, merchant_id)
        return [f"{plan_key}: its key link did not work" for plan_key in waiting.values()]

    def add_products(self, plan: MerchantPlan) -> None:
        """Add the products an earlier run did not add."""
        done = self.state.merchant(plan.key)
        if not done.get("api_key"):
            return
        have = done.get("products", {})
        for product in plan.products:
            if product.key not in have:
                self._add_product(plan, done["api_key"], product)

    def _onboard(self, plan: MerchantPlan) -> dict:
        resp = self.gw.request(
            "POST",
            "/api/v1/merchant-applications",
            json=application_body(plan),
            headers={"Idempotency-Key": f"seed-app-{plan.key}"},
            as_ops=False,
            ok=(409,),
        )
        if resp.status_code == 409:
            # Applied before, outside this seed's records: its key cannot be recovered.
            self.counts["merchants_existing"] += 1
            return {}
        application = resp.json()
        app_id = application["id"]
        self.state.update_merchant(plan.key, application_id=app_id)
        decision = self.gw.request(
            "POST",
            f"/api/v1/ops/merchant-applications/{app_id}/approve",
            json={"reason": "Demo partner approved by the seed."},
            headers={"Idempotency-Key": f"seed-approve-{plan.key}"},
            ok=(409,),
        )
        if decision.status_code == 409:
            self.counts["merchants_existing"] += 1
            return {}
        body = decision.json()
        # No key here: ops never see it; the contact's link brings it (open_key_links).
        self.state.update_merchant(
            plan.key,
            merchant_id=body["merchant"]["id"],
            name=plan.legal_name,
            partner_type=plan.partner_type,
        )
        self.counts["merchants_created"] += 1
        return self.state.merchant(plan.key)

    def _add_product(self, plan: MerchantPlan, api_key: str, product) -> None:
        deadline = time.monotonic() + self.ready_timeout
        delay = 0.2
        key = f"seed-{product.key}"
        while True:
            try:
                created = self.gw.post(
                    "/api/v1/merchant/products",
                    product_body(product),
                    as_ops=False,
                    headers={"X-Api-Key": api_key, "Idempotency-Key": key},
                )
                break
            except GatewayError as err:
                if err.status not in NOT_YET_KNOWN or time.monotonic() > deadline:
                    raise
                # The refusal is remembered under its key and created nothing: use a new key.
                key = f"seed-{product.key}-{uuid.uuid4().hex[:8]}"
                time.sleep(delay)
                delay = min(delay * 1.5, 2.0)
        self.state.add_product(plan.key, product.key, created.get("id", ""))
        self.counts["products_created"] += 1

    def seed_campaigns(self) -> list[str]:
        """Create and publish the demo campaigns not yet created; return their ids."""
        ids = []
        existing = self._campaigns_by_name()
        for slug, body in campaign_bodies():
            known = self.state.campaign(slug)
            # Without this seed's records (var/ wiped), recognise a campaign by its name.
            campaign_id = known.get("id") or existing.get(body["name"])
            if not campaign_id:
                day = body["claim_starts_at"][:10]
                created = self.gw.post(
                    "/api/v1/ops/campaigns",
                    body,
                    headers={"Idempotency-Key": f"seed-campaign-{slug}-{day}"},
                )
                campaign_id = created["id"]
                self.state.update_campaign(slug, id=campaign_id, name=body["name"])
                self.counts["campaigns_created"] += 1
            if not known.get("published"):
                self.gw.request(
                    "POST",
                    f"/api/v1/ops/campaigns/{campaign_id}/publish",
                    headers={"Idempotency-Key": f"seed-publish-{campaign_id}"},
                    ok=(409,),
                )
                self.state.update_campaign(slug, published=True)
            ids.append(campaign_id)
        self.state.save()
        return ids

    def _campaigns_by_name(self) -> dict[str, str]:
        """Map the names of campaigns not closed to their ids (first page of each status)."""
        found: dict[str, str] = {}
        for status in ("draft", "published"):
            page = self.gw.get("/api/v1/ops/campaigns", params={"status": status, "limit": 100})
            found.update({c["name"]: c["id"] for c in page.get("items", [])})
        return found
