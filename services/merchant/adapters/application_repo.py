"""Applications, credit-code claims and the audit trail, in SQL."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.merchant.adapters.orm import applications, audit_log, credit_code_claims
from services.merchant.domain.application import Application
from services.merchant.domain.errors import DuplicateCreditCode
from shared.keyset import time_and_id_page
from shared.pagination import Page
from shared.rows import from_row, row_by_key


def _application(row) -> Application:
    return from_row(Application, row)


class ApplicationRepo:
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
        return [_application(r) for r in self.session.execute(query)]

    def stale(
        self, statuses: frozenset[str], untouched_since: datetime, limit: int
    ) -> list[Application]:
        """Waiting applications nobody touched since then, oldest first."""
        t = applications
        query = (
            select(t)
            .where(t.c.status.in_(sorted(statuses)), t.c.updated_at <= untouched_since)
            .order_by(t.c.updated_at, t.c.id)
            .limit(limit)
        )
        return [_application(r) for r in self.session.execute(query)]

    def add(self, application: Application) -> None:
        self.session.execute(insert(applications).values(**asdict(application)))

    def get(self, application_id: str, *, lock: bool = False) -> Application | None:
        row = row_by_key(self.session, applications.c.id, application_id, lock=lock)
        return _application(row) if row else None

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

    def queue(
        self,
        *,
        status: str | None,
        overdue_at: datetime | None,
        page: Page,
    ) -> list[Application]:
        """A page of applications oldest first, optionally only one status or only overdue ones."""
        t = applications
        query = time_and_id_page(select(t), t.c.submitted_at, t.c.id, page)
        if status:
            query = query.where(t.c.status == status)
        if overdue_at is not None:
            query = query.where(t.c.status == "submitted", t.c.review_deadline < overdue_at)
        return [_application(r) for r in self.session.execute(query)]

    def count(self, *, status: str, overdue_at: datetime | None = None) -> int:
        t = applications
        query = select(func.count()).select_from(t).where(t.c.status == status)
        if overdue_at is not None:
            query = query.where(t.c.review_deadline < overdue_at)
        return self.session.execute(query).scalar_one()

    def review_times(self) -> tuple[int, float | None]:
        """How many approved or rejected applications, and the median seconds from first
        submission to decision; counted and picked by the database (at most two rows leave it)."""
        t = applications
        decided = and_(t.c.status.in_(("approved", "rejected")), t.c.decided_at.is_not(None))
        count = self.session.execute(select(func.count()).where(decided)).scalar_one()
        if not count:
            return 0, None
        if self.session.get_bind().dialect.name == "postgresql":
            seconds = func.extract("epoch", t.c.decided_at - t.c.first_submitted_at)
        else:  # SQLite keeps timestamps as text
            seconds = (
                func.julianday(t.c.decided_at) - func.julianday(t.c.first_submitted_at)
            ) * 86400
        middle = (
            select(seconds).where(decided).order_by(seconds)
            .offset((count - 1) // 2).limit(2 - count % 2)
        )  # fmt: skip
        values = [float(v) for v in self.session.execute(middle).scalars()]
        return count, sum(values) / len(values)

    def add_audit(self, **values: object) -> None:
        self.session.execute(insert(audit_log).values(**values))

    def audit(self, *, merchant_id: str | None, application_id: str | None) -> list[dict]:
        """The trail of a merchant, including its application's history, oldest first."""
        t = audit_log
        conditions = []
        if merchant_id:
            conditions.append(t.c.merchant_id == merchant_id)
        if application_id:
            conditions.append(t.c.application_id == application_id)
        query = select(t).where(or_(*conditions)).order_by(t.c.id)
        return [dict(r._mapping) for r in self.session.execute(query)]
