"""Campaigns as members and ops browse them."""

from __future__ import annotations

from services.voucher.adapters import campaign_queries as queries
from services.voucher.domain import errors
from services.voucher.domain.campaign import DRAFT, Campaign
from services.voucher.service_layer.context import VoucherContext
from services.voucher.service_layer.views import campaign_view
from shared.pagination import Page, cursor_text
from shared.principal import Principal
from shared.reference.categories import parent_of


def _matches(c: Campaign, f: dict) -> bool:
    s = c.scope
    if f.get("merchant_id") and s.merchant_ids and f["merchant_id"] not in s.merchant_ids:
        return False
    if f.get("partner_type") and s.partner_types and f["partner_type"] not in s.partner_types:
        return False
    if f.get("channel") and f["channel"] not in s.channels:
        return False
    if f.get("region") and c.regions and f["region"] not in c.regions:
        return False
    cat = f.get("category")
    return not (
        cat and s.categories and cat not in s.categories and parent_of(cat) not in s.categories
    )


def _page(items: list[dict], key, page: Page, *, newest_first=False) -> dict:
    """Page a list already sorted by (key(item), id), ascending or newest first."""
    position = page.position()
    if position:
        seen = (cursor_text(position.get("k")), cursor_text(position.get("id")))
        if newest_first:
            items = [i for i in items if (key(i), i["id"]) < seen]
        else:
            items = [i for i in items if (key(i), i["id"]) > seen]
    return page.answer(items, lambda i: {"k": key(i), "id": i["id"]})


def public_list(ctx: VoucherContext, principal: Principal, *, page: Page, **filters) -> dict:
    """Published campaigns whose claim window is open or still to come."""
    now = ctx.now()
    with ctx.session_factory() as session:
        found = [(r, c) for r, c in queries.open_or_upcoming(session, now) if _matches(c, filters)]
        items = _decorate(session, principal, found)
    items.sort(key=lambda i: (i["claim_starts_at"].isoformat(), i["id"]))
    return _page(items, lambda i: i["claim_starts_at"].isoformat(), page)


def public_get(ctx: VoucherContext, principal: Principal, campaign_id: str) -> dict:
    with ctx.session_factory() as session:
        found = queries.one(session, campaign_id)
        if found is None or found[1].status == DRAFT:
            raise errors.CampaignNotFound(f"No campaign {campaign_id}.")
        return _decorate(session, principal, [found])[0]


def _decorate(session, principal: Principal, found: list[tuple[dict, Campaign]]) -> list[dict]:
    ids = [c.id for _, c in found]
    claimed = queries.claimed_counts(session, ids)
    mine: dict[str, int] = {}
    if principal.member_id and ids:
        mine = queries.member_counts(session, principal.member_id, ids)
    out = []
    for row, c in found:
        item = campaign_view(row)
        item["remaining_stock"] = max(0, c.quantity - claimed.get(c.id, 0))
        if principal.member_id:
            item["eligible"] = c.is_eligible(principal.segments, principal.region)
            item["remaining_for_me"] = max(0, c.per_member_limit - mine.get(c.id, 0))
        out.append(item)
    return out


def ops_list(ctx: VoucherContext, *, page: Page, status: str | None = None) -> dict:
    """Every campaign, newest first, with how many were claimed."""
    with ctx.session_factory() as session:
        rows = queries.newest_first(session, status)
        claimed = queries.claimed_counts(session, [r["id"] for r in rows])
    items = []
    for r in rows:
        item = campaign_view(r)
        item["claimed"] = claimed.get(r["id"], 0)
        item["remaining_stock"] = max(0, r["quantity"] - item["claimed"])
        items.append(item)
    return _page(items, lambda i: i["created_at"].isoformat(), page, newest_first=True)


def ops_get(ctx: VoucherContext, campaign_id: str) -> dict:
    """Show any campaign, drafts included, as ops see it."""
    with ctx.session_factory() as session:
        found = queries.one(session, campaign_id)
    if found is None:
        raise errors.CampaignNotFound(f"No campaign {campaign_id}.")
    return campaign_view(found[0])
