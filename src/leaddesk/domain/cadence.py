"""One-on-one cadence: when the last one-on-one was, when the next is due, who is overdue.

Skipping one-on-ones is one of the fastest ways to lose trust, so the people list shows who
is overdue. These rules are pure (dates in, answer out) so they can be tested across dates
with a fixed clock and reused by the weekly review and the insights.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class CadenceStatus:
    """Where one person stands against their one-on-one cadence on ``today``."""

    last_on: date | None  # None: no one-on-one recorded yet
    next_due_on: date
    today: date

    @property
    def days_since_last(self) -> int | None:
        return None if self.last_on is None else (self.today - self.last_on).days

    @property
    def overdue_days(self) -> int:
        """How many days past due (0 when not overdue)."""
        return max(0, (self.today - self.next_due_on).days)

    @property
    def is_overdue(self) -> bool:
        return self.overdue_days > 0

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
    last_on: date | None, every_days: int, today: date, started_on: date | None = None
) -> CadenceStatus:
    return CadenceStatus(
        last_on=last_on, next_due_on=next_due(last_on, every_days, today, started_on), today=today
    )


def describe_due(status: CadenceStatus) -> str:
    """A short human phrase for the people list ("overdue by 3 days", "due in 5 days")."""
    days = status.due_in_days
    if days < 0:
        n = -days
        return f"overdue by {n} day{'s' if n != 1 else ''}"
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    return f"due in {days} days"


def describe_since(status: CadenceStatus) -> str:
    days = status.days_since_last
    if days is None:
        return "no one-on-one yet"
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"
