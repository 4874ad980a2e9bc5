"""Settlement rules: which period an entry falls in, and a statement's totals."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
REDEMPTION, REVERSAL = "redemption", "reversal"


def period_of(at: datetime) -> str:
    """Return the Asia/Shanghai month (YYYY-MM) an instant belongs to."""
    return at.astimezone(SHANGHAI).strftime("%Y-%m")


@dataclass
class Statement:
    """What the union owes one merchant for one period."""

    merchant_id: str
    period: str
    redemptions: int = 0
    redeemed_subsidy: int = 0
    reversals: int = 0
    reversed_subsidy: int = 0

    @property
    def net_subsidy(self) -> int:
        return self.redeemed_subsidy - self.reversed_subsidy
