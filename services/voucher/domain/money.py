"""Money rules of a voucher: discount, amount payable and the union's subsidy, in int fen."""

from __future__ import annotations

from dataclasses import dataclass

AMOUNT_OFF = "amount_off"  # 满减: a fixed amount off once the order reaches a threshold
PERCENT_OFF = "percent_off"  # a percentage off, capped
BENEFIT_TYPES = (AMOUNT_OFF, PERCENT_OFF)


@dataclass(frozen=True)
class Benefit:
    """What a voucher takes off an order."""

    type: str
    threshold: int = 0
    amount_off: int = 0
    percent: int = 0
    cap: int = 0

    @property
    def max_discount(self) -> int:
        """Return the most this benefit can ever take off one order."""
        return self.amount_off if self.type == AMOUNT_OFF else self.cap

    def to_dict(self) -> dict:
        if self.type == AMOUNT_OFF:
            return {"type": self.type, "threshold": self.threshold, "amount_off": self.amount_off}
        return {
            "type": self.type,
            "threshold": self.threshold,
            "percent": self.percent,
            "cap": self.cap,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Benefit:
        return cls(
            type=data["type"],
            threshold=int(data.get("threshold") or 0),
            amount_off=int(data.get("amount_off") or 0),
            percent=int(data.get("percent") or 0),
            cap=int(data.get("cap") or 0),
        )


def benefit_errors(benefit: Benefit) -> dict[str, list[str]]:
    """Return the field errors of a benefit (empty when it is sound)."""
    errors: dict[str, list[str]] = {}
    if benefit.type not in BENEFIT_TYPES:
        errors["type"] = [f"Must be one of {', '.join(BENEFIT_TYPES)}."]
    if benefit.threshold < 0:
        errors["threshold"] = ["Must not be negative."]
    if benefit.type == AMOUNT_OFF and benefit.amount_off < 1:
        errors["amount_off"] = ["An amount-off benefit needs amount_off of at least 1 fen."]
    if benefit.type == PERCENT_OFF:
        if not 1 <= benefit.percent <= 99:
            errors["percent"] = ["A percent-off benefit needs percent from 1 to 99."]
        if benefit.cap < 1:
            errors["cap"] = ["A percent-off benefit needs a cap of at least 1 fen."]
    return errors


def discount_for(benefit: Benefit, order_amount: int) -> int:
    """Return the discount on an order: never negative, never above the order or the cap."""
    if order_amount <= 0 or order_amount < benefit.threshold:
        return 0
    if benefit.type == AMOUNT_OFF:
        off = benefit.amount_off
    else:
        off = min(order_amount * benefit.percent // 100, benefit.cap)
    return max(0, min(off, order_amount))


def subsidy_for(discount: int, max_subsidy: int) -> int:
    """Return what the union pays the merchant: the discount, capped by the campaign's subsidy."""
    return max(0, min(discount, max_subsidy))


def budget_holds(quantity: int, max_subsidy: int, budget: int) -> bool:
    """Return whether every voucher redeemed at its maximum subsidy still fits the budget."""
    return quantity * max_subsidy <= budget
