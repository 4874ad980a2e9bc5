"""Keep a local copy of each merchant's standing, type, categories and stores."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.voucher.adapters.orm import merchants
from shared.events.envelope import Event


def apply_merchant_snapshot(session: Session, event: Event) -> None:
    """Upsert the merchant from a merchant.* snapshot, ignoring one older than what we hold."""
    d = event.data
    values = {
        "legal_name": d["legal_name"],
        "partner_type": d["partner_type"],
        "status": d["status"],
        "region": d["region"],
        "categories": list(d.get("categories") or ()),
        "stores": [{"id": s["id"], "region": s["region"]} for s in d.get("stores") or ()],
        "as_of": event.occurred_at,
    }
    held = session.execute(
        select(merchants.c.as_of).where(merchants.c.merchant_id == d["merchant_id"])
    ).scalar_one_or_none()
    if held is None:
        session.execute(merchants.insert().values(merchant_id=d["merchant_id"], **values))
    elif held <= event.occurred_at:
        session.execute(
            merchants.update().where(merchants.c.merchant_id == d["merchant_id"]).values(**values)
        )
