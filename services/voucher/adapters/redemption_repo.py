"""Redemptions and the subsidy ledger in and out of the database, as domain objects."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.voucher.adapters.orm import ledger, redemptions
from services.voucher.domain.settlement import period_of
from services.voucher.domain.voucher import Redemption


class RedemptionRepository:
    """The write side of redemptions; merchants' and members' lists live in history_queries."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, redemption: Redemption) -> None:
        """Insert a new redemption (not reversed: those columns are left to their default)."""
        row = asdict(redemption)  # its fields are the table's columns
        del row["reversed_at"], row["reversal_reason"]
        self.session.execute(redemptions.insert().values(**row))

    def get(self, redemption_id: str, merchant_id: str) -> Redemption | None:
        """Load one of this merchant's redemptions."""
        row = self.session.execute(
            select(redemptions).where(
                redemptions.c.id == redemption_id, redemptions.c.merchant_id == merchant_id
            )
        ).first()
        return Redemption(**row._mapping) if row else None

    def save_reversal(self, redemption: Redemption) -> bool:
        """Store a reversal unless a concurrent one was stored first."""
        return bool(
            self.session.execute(
                redemptions.update()
                .where(redemptions.c.id == redemption.id, redemptions.c.reversed_at.is_(None))
                .values(
                    reversed_at=redemption.reversed_at,
                    reversal_reason=redemption.reversal_reason,
                )
            ).rowcount
        )


class LedgerRepository:
    """The subsidy ledger: one entry per redemption (+) and per reversal (-)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def book(self, redemption: Redemption, kind: str, amount: int, at: datetime) -> None:
        self.session.execute(
            ledger.insert().values(
                merchant_id=redemption.merchant_id,
                campaign_id=redemption.campaign_id,
                redemption_id=redemption.id,
                kind=kind,
                amount=amount,
                period=period_of(at),
                created_at=at,
            )
        )
