"""Redemption totals a merchant sees on its dashboard, kept from voucher events."""

from __future__ import annotations

from services.merchant.adapters import merchant_queries
from services.merchant.service_layer.context import MerchantContext
from shared.events.envelope import Event

ZERO = {"redeemed": 0, "reversed": 0, "order_amount": 0, "discount": 0, "subsidy": 0}


def apply_redemption(merchants, event: Event) -> None:
    """Add a redemption (voucher.redeemed) or take one back (voucher.reversed)."""
    d = event.data
    sign = 1 if event.type == "voucher.redeemed" else -1
    counter = "redeemed" if sign == 1 else "reversed"
    merchants.add_to_totals(
        d["merchant_id"],
        event.occurred_at,
        **{counter: 1},
        order_amount=sign * d["order_amount"],
        discount=sign * d["discount"],
        subsidy=sign * d["subsidy"],
    )


def dashboard(ctx: MerchantContext, merchant_id: str) -> dict:
    """Totals net of reversals: count, order amount, discount and subsidy (fen)."""
    with ctx.session_factory() as session:
        row = merchant_queries.redemption_totals_of(session, merchant_id)
    row = row or {**ZERO, "updated_at": None}
    return {
        "merchant_id": merchant_id,
        "redemptions": row["redeemed"] - row["reversed"],
        "redeemed": row["redeemed"],
        "reversed": row["reversed"],
        "order_amount": row["order_amount"],
        "discount": row["discount"],
        "subsidy": row["subsidy"],
        "updated_at": row["updated_at"],
    }
