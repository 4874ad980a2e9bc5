"""Shape stored rows into what the API returns."""

from __future__ import annotations

from services.voucher.domain.codes import display


def voucher_view(row: dict, benefit: dict) -> dict:
    return {
        "id": row["id"],
        "code": row["code"],
        "display_code": display(row["code"]),
        "campaign_id": row["campaign_id"],
        "status": row["status"],
        "claimed_at": row["claimed_at"],
        "valid_from": row["valid_from"],
        "valid_until": row["valid_until"],
        "redeemed_at": row.get("redeemed_at"),
        "benefit": benefit,
    }
