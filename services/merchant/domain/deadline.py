"""The review deadline: the end of the second working day after submission."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone

# Hainan keeps China Standard Time all year (no daylight saving), so a fixed offset is exact.
CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")


def is_working_day(
    day: date, holidays: Iterable[date] = (), working_weekends: Iterable[date] = ()
) -> bool:
    """Say whether ops work that day: weekdays that are not holidays, plus make-up weekend days."""
    if day in set(working_weekends):
        return True
    return day.weekday() < 5 and day not in set(holidays)


def review_deadline(
    submitted_at: datetime,
    *,
    working_days: int = 2,
    holidays: Iterable[date] = (),
    working_weekends: Iterable[date] = (),
) -> datetime:
    """Return the UTC instant at which the review is due.

    The submission day itself does not count; the deadline is the end (midnight,
    China time) of the `working_days`-th working day after it. A Friday submission
    is due at the end of Tuesday; one on a Saturday likewise.
    """
    if submitted_at.tzinfo is None:
        raise ValueError("submitted_at must be timezone-aware")
    holidays, working_weekends = frozenset(holidays), frozenset(working_weekends)
    day = submitted_at.astimezone(CHINA).date()
    counted = 0
    while counted < working_days:
        day += timedelta(days=1)
        if is_working_day(day, holidays, working_weekends):
            counted += 1
    end_of_day = datetime.combine(day + timedelta(days=1), time(0), tzinfo=CHINA)
    return end_of_day.astimezone(UTC)


def parse_dates(text: str) -> frozenset[date]:
    """Parse comma-separated ISO dates (the PUBLIC_HOLIDAYS setting); raise ValueError if bad."""
    return frozenset(date.fromisoformat(part.strip()) for part in text.split(",") if part.strip())
