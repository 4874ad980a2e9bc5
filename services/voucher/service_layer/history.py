"""What members and merchants see of their own vouchers and redemptions."""

from __future__ import annotations

from services.voucher.adapters import history_queries as queries
from services.voucher.adapters.history_queries import HeldVoucher
from services.voucher.service_layer.context import VoucherContext
from services.voucher.service_layer.views import voucher_view
from shared.pagination import Page, time_and_id


def member_vouchers(
    ctx: VoucherContext, member_id: str, *, page: Page, status: str | None = None
) -> dict:
    with ctx.session_factory() as session:
        found = queries.member_vouchers(session, member_id, status, page)
    return page.answer(found, lambda h: time_and_id(h.voucher.claimed_at, h.voucher.id), _shown)


def _shown(held: HeldVoucher) -> dict:
    return {**voucher_view(held.voucher, held.benefit), "campaign_name": held.campaign_name}


def redemption_list(ctx: VoucherContext, *, page: Page, member_id=None, merchant_id=None) -> dict:
    with ctx.session_factory() as session:
        rows = queries.redemption_rows(session, page, member_id=member_id, merchant_id=merchant_id)
    return page.answer(rows, lambda r: time_and_id(r["redeemed_at"], r["id"]))
