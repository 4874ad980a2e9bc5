"""Read-only queries of applications: the review queue, its figures and the audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from services.merchant.adapters.orm import applications, audit_log
from services.merchant.adapters.repository import application_from_row
from services.merchant.domain.application import Application
from shared.keyset import time_and_id_page
from shared.pagination import Page


def queue(
    session: Session, *, status: str | None, overdue_at: datetime | None, page: Page
) -> list[Application]:
    """Return a page of applications oldest first, of one status or only overdue ones if asked."""
    t = applications
    query = time_and_id_page(select(t), t.c.submitted_at, t.c.id, page)
    if status:
        query = query.where(t.c.status == status)
    if overdue_at is not None:
        query = query.where(t.c.status == "submitted", t.c.review_deadline < overdue_at)
    return [application_from_row(r) for r in session.execute(query)]


def count(session: Session, *, status: str, overdue_at: datetime | None = None) -> int:
    """Return how many applications are in a status (past their deadline, if given)."""
    t = applications
    query = select(func.count()).select_from(t).where(t.c.status == status)
    if overdue_at is not None:
        query = query.where(t.c.review_deadline < overdue_at)
    return session.execute(query).scalar_one()


def review_times(session: Session) -> tuple[int, float | None]:
    """Return how many applications were approved or rejected, and the median seconds from
    first submission to decision; counted and picked by the database (at most two rows leave
    it)."""
    t = applications
    decided = and_(t.c.status.in_(("approved", "rejected")), t.c.decided_at.is_not(None))
    total = session.execute(select(func.count()).where(decided)).scalar_one()
    if not total:
        return 0, None
    if session.get_bind().dialect.name == "postgresql":
        seconds = func.extract("epoch", t.c.decided_at - t.c.first_submitted_at)
    else:  # SQLite keeps timestamps as text
        seconds = (func.julianday(t.c.decided_at) - func.julianday(t.c.first_submitted_at)) * 86400
    middle = (
        select(seconds).where(decided).order_by(seconds)
        .offset((total - 1) // 2).limit(2 - total % 2)
    )  # fmt: skip
    values = [float(v) for v in session.execute(middle).scalars()]
    return total, sum(values) / len(values)


def audit_trail(
    session: Session, *, merchant_id: str | None = None, application_id: str | None = None
) -> list[dict]:
    """Return the recorded changes of a merchant and of an application, oldest first."""
    t = audit_log
    conditions = []
    if merchant_id:
        conditions.append(t.c.merchant_id == merchant_id)
    if application_id:
        conditions.append(t.c.application_id == application_id)
    query = select(t).where(or_(*conditions)).order_by(t.c.id)
    return [dict(r._mapping) for r in session.execute(query)]
