"""Applications, credit-code claims and the audit trail, in SQL."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.merchant.adapters.orm import applications, audit_log, credit_code_claims
from services.merchant.adapters.repository import application_from_row
from services.merchant.domain.application import Application
from services.merchant.domain.errors import DuplicateCreditCode
from shared.rows import row_by_key


class ApplicationRepository:
    """Applications (domain objects) in and out of the unit of work's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def claim_code(self, code: str, application_id: str, at: datetime) -> None:
        """Take a credit code for an approved application; the primary key refuses a second."""
        try:
            with self.session.begin_nested():
                self.session.execute(
                    insert(credit_code_claims).values(
                        credit_code=code, application_id=application_id, claimed_at=at
                    )
                )
        except IntegrityError as err:
            raise DuplicateCreditCode() from err

    def code_is_taken(self, code: str) -> bool:
        """Say whether a merchant already holds this credit code."""
        found = self.session.execute(
            select(credit_code_claims.c.application_id).where(
                credit_code_claims.c.credit_code == code
            )
        ).first()
        return found is not None

    def with_code(
        self, code: str, *, exclude: str, statuses: frozenset[str] | None = None
    ) -> list[Application]:
        """Other applications naming this credit code, oldest first (ops decide between them)."""
        t = applications
        query = (
            select(t)
            .where(t.c.credit_code == code, t.c.id != exclude)
            .order_by(t.c.first_submitted_at, t.c.id)
            .limit(50)
        )
        if statuses is not None:
            query = query.where(t.c.status.in_(sorted(statuses)))
        return [application_from_row(r) for r in self.session.execute(query)]

    def stale(
        self, statuses: frozenset[str], untouched_since: datetime, limit: int
    ) -> list[Application]:
        """Waiting applications nobody touched since then, oldest first, locked.

        Those another transaction holds are skipped (the next run takes them): the job never
        waits for a row while holding others, so it cannot deadlock with an approval, which
        locks its application, then its rivals.
        """
        t = applications
        query = (
            select(t)
            .where(t.c.status.in_(sorted(statuses)), t.c.updated_at <= untouched_since)
            .order_by(t.c.updated_at, t.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [application_from_row(r) for r in self.session.execute(query)]

    def add(self, application: Application) -> None:
        self.session.execute(insert(applications).values(**asdict(application)))

    def get(self, application_id: str, *, lock: bool = False) -> Application | None:
        row = row_by_key(self.session, applications.c.id, application_id, lock=lock)
        return application_from_row(row) if row else None

    def save(self, application: Application, expected_status: str) -> bool:
        """Store an application only if it is still in `expected_status` (no lost updates)."""
        t = applications
        values = {k: v for k, v in asdict(application).items() if k != "id"}
        result = self.session.execute(
            update(t)
            .where(t.c.id == application.id, t.c.status == expected_status)
            .values(**values)
        )
        return result.rowcount == 1

    def add_audit(self, **values: object) -> None:
        self.session.execute(insert(audit_log).values(**values))
