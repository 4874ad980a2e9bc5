"""Vouchers in and out of the database: the claim insert, redemption, reversal and expiry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.voucher.adapters.orm import vouchers
from services.voucher.domain.campaign import Campaign
from services.voucher.domain.voucher import EXPIRED, ISSUED, Voucher
from shared.staged_inserts import insert_row

# A unique constraint refused a claim's row (its slot, claim sequence, code or key is held);
# raised by the insert, or by the COMMIT of the group it was written in.
Collision = IntegrityError


class VoucherRepository:
    """The write side of vouchers, inside the unit of work's (or a group commit's) session."""

    __slots__ = ("session",)

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, voucher: Voucher) -> None:
        """Insert a claimed voucher; its fields are the table's columns."""
        # vars(), not asdict(): its deep copy would cost each claim ~30 µs. A group commit
        # sends its rows together.
        insert_row(self.session, vouchers, dict(vars(voucher)))

    def claim_seqs(self, campaign_id: str, member_id: str) -> set[int]:
        """Return the claim sequence numbers the member holds in the campaign."""
        return set(
            self.session.execute(
                select(vouchers.c.claim_seq).where(
                    vouchers.c.campaign_id == campaign_id, vouchers.c.member_id == member_id
                )
            ).scalars()
        )

    def slot_holder(self, campaign_id: str, slot: int) -> str | None:
        """Return the id of the voucher holding a stock slot, if any."""
        return self.session.execute(
            select(vouchers.c.id).where(
                vouchers.c.campaign_id == campaign_id, vouchers.c.slot == slot
            )
        ).scalar()

    def count_of_member(self, campaign_id: str, member_id: str) -> int:
        return self.session.execute(
            select(func.count()).where(
                vouchers.c.campaign_id == campaign_id, vouchers.c.member_id == member_id
            )
        ).scalar_one()

    def by_key(self, member_id: str, idem: str) -> tuple[str, str] | None:
        """Return (campaign id, voucher id) of the voucher an Idempotency-Key made."""
        row = self.session.execute(
            select(vouchers.c.campaign_id, vouchers.c.id).where(
                vouchers.c.member_id == member_id, vouchers.c.idempotency_key == idem
            )
        ).first()
        return (row.campaign_id, row.id) if row else None

    def of_member(self, voucher_id: str, member_id: str) -> Voucher | None:
        row = self.session.execute(
            select(vouchers).where(vouchers.c.id == voucher_id, vouchers.c.member_id == member_id)
        ).first()
        return Voucher(**row._mapping) if row else None

    def by_code(self, code: str) -> Voucher | None:
        row = self.session.execute(select(vouchers).where(vouchers.c.code == code)).first()
        return Voucher(**row._mapping) if row else None

    def save_status(self, voucher: Voucher, *, expected: str) -> bool:
        """Store a status change unless another took the voucher from `expected` first.

        The conditional update is the lock: of concurrent attempts exactly one matches.
        """
        return bool(
            self.session.execute(
                vouchers.update()
                .where(vouchers.c.id == voucher.id, vouchers.c.status == expected)
                .values(status=voucher.status, redeemed_at=voucher.redeemed_at)
            ).rowcount
        )

    def set_status(self, voucher_id: str, status: str) -> None:
        self.session.execute(
            vouchers.update().where(vouchers.c.id == voucher_id).values(status=status)
        )

    def due_to_expire(self, now: datetime, limit: int) -> list[str]:
        """Return the ids of issued vouchers whose validity ended, oldest first, locked.

        Rows another transaction holds are skipped (a concurrent sweep's batch, a redemption):
        a sweep never waits for a voucher while holding others, so two sweeps, whose batch
        UPDATEs would lock their rows in whatever order each plan scans them, cannot deadlock.
        """
        return list(
            self.session.execute(
                select(vouchers.c.id)
                .where(vouchers.c.status == ISSUED, vouchers.c.valid_until <= now)
                .order_by(vouchers.c.valid_until)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).scalars()
        )

    def expire(self, voucher_ids: list[str], now: datetime) -> list[tuple[str, str, str]]:
        """Expire those still issued; return (voucher id, campaign id, member id) of each.

        Conditional on status, so a redemption racing the job keeps its voucher; the rows are
        the ones `due_to_expire` locked, so this waits for nobody.
        """
        rows = self.session.execute(
            vouchers.update()
            .where(vouchers.c.id.in_(voucher_ids), vouchers.c.status == ISSUED)
            .values(status=EXPIRED, expired_at=now)
            .returning(vouchers.c.id, vouchers.c.campaign_id, vouchers.c.member_id)
        ).all()
        return [tuple(r) for r in rows]

    def gate_state(self, campaign: Campaign) -> tuple[list[int], dict[str, int]]:
        """Return the free slots and each member's count, as the database has them."""
        taken = set(
            self.session.execute(
                select(vouchers.c.slot).where(vouchers.c.campaign_id == campaign.id)
            )
            .scalars()
            .all()
        )
        free = [s for s in range(1, campaign.quantity + 1) if s not in taken]
        counts = dict(
            self.session.execute(
                select(vouchers.c.member_id, func.count())
                .where(vouchers.c.campaign_id == campaign.id)
                .group_by(vouchers.c.member_id)
            ).all()
        )
        return free, counts
