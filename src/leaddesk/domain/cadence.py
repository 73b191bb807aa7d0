"""One-on-one cadence: when the last one-on-one was, when the next is due, who is overdue.

Skipping one-on-ones is one of the fastest ways to lose trust, so the people list shows who
is overdue. These rules are pure (dates in, answer out) so they can be tested across dates
with a fixed clock and reused by the weekly review and the insights.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class CadenceStatus:
    """Where one person stands against their one-on-one cadence on ``today``."""

    last_on: date | None  # None: no one-on-one recorded yet
    next_due_on: date
    today: date
    # The next planned one-on-one block from now on (local wall-clock time), if any: a
    # booked one-on-one is not "overdue", the list says "booked Thu 14:00" instead.
    booked_at: datetime | None = None

    @property
    def days_since_last(self) -> int | None:
        return None if self.last_on is None else (self.today - self.last_on).days

    @property
    def overdue_days(self) -> int:
        """How many days past due (0 when not overdue)."""
        return max(0, (self.today - self.next_due_on).days)

    @property
    def is_overdue(self) -> bool:
        return self.overdue_days > 0 and self.booked_at is None

    @property
    def due_in_days(self) -> int:
        """Days until due (negative when overdue, 0 when due today)."""
        return (self.next_due_on - self.today).days


def last_one_on_one(*date_sources: Iterable[date | None]) -> date | None:
    """The newest date among one-on-one notes and done one-on-one blocks (None if none)."""
    newest: date | None = None
    for source in date_sources:
        for day in source:
            if day is not None and (newest is None or day > newest):
                newest = day
    return newest


def next_due(
    last_on: date | None, every_days: int, today: date, started_on: date | None = None
) -> date:
    """The date the next one-on-one is due.

    After a one-on-one: ``every_days`` later. Never met yet: due on the start date (someone
    who joined long ago and never had a one-on-one is overdue), or today when unknown.
    """
    if every_days <= 0:
        raise ValueError("cadence must be positive")
    if last_on is not None:
        return last_on + timedelta(days=every_days)
    if started_on is not None:
        return started_on
    return today


def cadence_status(
    last_on: date | None,
    every_days: int,
    today: date,
    started_on: date | None = None,
    booked_at: datetime | None = None,
) -> CadenceStatus:
    return CadenceStatus(
        last_on=last_on,
        next_due_on=next_due(last_on, every_days, today, started_on),
        today=today,
        booked_at=booked_at,
    )


def describe_due(status: CadenceStatus) -> str:
    """A short human phrase for the people list ("overdue by 3 days", "due in 5 days",
    "booked Thu 14:00")."""
    if status.booked_at is not None:
        return "booked " + describe_booking(status.booked_at, status.today)
    days = status.due_in_days
    if days < 0:
        n = -days
        return f"overdue by {n} day{'s' if n != 1 else ''}"
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    return f"due in {days} days"


def describe_booking(at: datetime, today: date) -> str:
    """ "Thu 14:00" within the coming week, "Thu 3 Dec 14:00" further away."""
    if 0 <= (at.date() - today).days < 7:
        return f"{at:%a %H:%M}"
    return f"{at:%a} {at.day} {at:%b %H:%M}"


def describe_since(status: CadenceStatus) -> str:
    days = status.days_since_last
    if days is None:
        return "no one-on-one yet"
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"
