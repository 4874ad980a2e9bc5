"""A claimed voucher's life (issued, then redeemed, reversed or expired) and its redemptions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from services.voucher.domain import errors

ISSUED, REDEEMED, REVERSED, EXPIRED = "issued", "redeemed", "reversed", "expired"


@dataclass(frozen=True, kw_only=True)
class Voucher:
    """One voucher as stored, its fields in the table's column order (so a row maps one to one);
    `slot` and `claim_seq` are what keep a claim rush exact."""

    id: str
    code: str
    campaign_id: str
    member_id: str
    claim_seq: int
    slot: int
    idempotency_key: str | None = None
    status: str
    subsidy: int  # the most the union pays when it is redeemed
    claimed_at: datetime
    valid_from: datetime
    valid_until: datetime
    redeemed_at: datetime | None = None
    expired_at: datetime | None = None

    def check_usable(self, now: datetime) -> None:
        """Raise unless the voucher can be redeemed at this moment."""
        if self.status == REDEEMED:
            raise errors.AlreadyRedeemed()
        if self.status == EXPIRED or self.valid_until <= now:
            raise errors.VoucherExpired(valid_until=self.valid_until.isoformat())
        if self.status != ISSUED:
            raise errors.VoucherNotUsable(f"The voucher is {self.status}.")
        if now < self.valid_from:
            raise errors.VoucherNotYetValid(valid_from=self.valid_from.isoformat())

    def redeem(self, now: datetime) -> Voucher:
        """Return the voucher used up at this moment."""
        self.check_usable(now)
        return replace(self, status=REDEEMED, redeemed_at=now)


@dataclass(frozen=True)
class Redemption:
    """A voucher accepted against one purchase; a reversal (a refund) undoes it once."""

    id: str
    voucher_id: str
    campaign_id: str
    member_id: str
    merchant_id: str
    store_id: str | None
    channel: str
    category: str | None
    order_amount: int
    discount: int
    payable: int
    subsidy: int  # what the union owes the merchant for it
    redeemed_at: datetime
    reversed_at: datetime | None = None
    reversal_reason: str | None = None

    @property
    def is_reversed(self) -> bool:
        return self.reversed_at is not None

    def reverse(self, now: datetime, window_hours: int, reason: str | None) -> Redemption:
        """Return the redemption reversed now; only within `window_hours` of redeeming."""
        if now - self.redeemed_at > timedelta(hours=window_hours):
            raise errors.ReversalWindowClosed(window_hours=window_hours)
        return replace(self, reversed_at=now, reversal_reason=reason)
