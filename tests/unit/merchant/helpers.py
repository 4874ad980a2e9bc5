"""A merchant to try the rules on, built directly (no application, no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from services.merchant.domain.merchant import Merchant

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def a_merchant(**changes: object) -> Merchant:
    """An active merchant of 海南椰子铺 as of NOW, with `changes` (stores=[...], ...)."""
    merchant = Merchant(
        id="m-1",
        application_id="a-1",
        credit_code="91460100MA5T0000AG",
        legal_name="海南椰子铺",
        partner_type="discount_partner",
        status="active",
        contact_name="王芳",
        contact_mobile="13800000000",
        region="460100",
        discount_percent=10,
        description="",
        created_at=NOW,
        updated_at=NOW,
        categories=["groceries"],
    )
    return replace(merchant, **changes)
