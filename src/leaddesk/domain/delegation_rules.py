"""Rules of the delegation tracker: check-in dates, what needs attention, and team load.

Plain functions over plain values, with "today" always passed in, so every rule can be
tested across a change of date without touching a clock or a database.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from .errors import ValidationError
from .model import DelegationStatus, GuidanceLevel, TaskStatus

MAX_CADENCE_DAYS = 365
MAX_ESCALATION_DAYS = 365
# The load hint: one person holds more than this share of the team's active delegations...
SILO_SHARE = 0.5
# ...and at least this many of them (two of three is not yet a pattern).
SILO_MIN_COUNT = 3
# Anyone holding this many active delegations is overloaded, whatever the share.
OVERLOAD_COUNT = 6

LEVEL_HINTS = {
    GuidanceLevel.TELLING: "Directing: you say what, how and when; close supervision.",
    GuidanceLevel.SELLING: "Coaching: you decide, explain why, and invite questions.",
    GuidanceLevel.PARTICIPATING: "Supporting: they decide how; you help when asked.",
    GuidanceLevel.DELEGATING: "Hands-off: they own it; you hear about results.",
}


def level_label(level: GuidanceLevel) -> str:
    return GuidanceLevel(level).value.capitalize()


def status_label(status: DelegationStatus) -> str:
    return DelegationStatus(status).value.capitalize()


# -- validation -----------------------------------------------------------------------


def check_cadence(days: object) -> int:
    """A check-in cadence in whole days, 1 to 365 ("0" would mean hovering, or never)."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise ValidationError("The check-in cadence must be a whole number of days.")
    if days <= 0:
        raise ValidationError("The check-in cadence must be at least one day.")
    if days > MAX_CADENCE_DAYS:
        raise ValidationError(f"The check-in cadence can be at most {MAX_CADENCE_DAYS} days.")
    return days


def check_escalation(days: object) -> int | None:
    """ "Tell me if stuck for more than N days": None (no rule) or 1 to 365."""
    if days is None:
        return None
    if isinstance(days, bool) or not isinstance(days, int):
        raise ValidationError("The escalation rule must be a whole number of days.")
    if days <= 0:
        raise ValidationError("The escalation rule must be at least one day (or none).")
    if days > MAX_ESCALATION_DAYS:
        raise ValidationError(f"The escalation rule can be at most {MAX_ESCALATION_DAYS} days.")
    return days


def check_dates(
    started_on: date, due_on: date | None, next_check_in_on: date | None = None
) -> None:
    if due_on is not None and due_on < started_on:
        raise ValidationError("The due date cannot be before the start date.")
    if next_check_in_on is not None and next_check_in_on < started_on:
        raise ValidationError("The next check-in cannot be before the start date.")


def check_person(person_id: int | None) -> int:
    if person_id is None:
        raise ValidationError("Choose the person you are delegating to.")
    return person_id


def check_text(value: str, what: str, limit: int = 20_000) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"The {what} must be text.")
    value = value.strip()
    if len(value) > limit:
        raise ValidationError(f"The {what} is too long (at most {limit:,} characters).")
    if "\x00" in value:
        raise ValidationError(f"The {what} contains a NUL character.")
    return value


def validate_new_delegation(
    *,
    person_id: int | None,
    started_on: date,
    due_on: date | None,
    check_in_every_days: object,
    next_check_in_on: date | None,
    escalate_after_days: object,
) -> None:
    """Everything a new or edited delegation must satisfy (the dialog checks it too)."""
    check_person(person_id)
    check_cadence(check_in_every_days)
    check_escalation(escalate_after_days)
    check_dates(started_on, due_on, next_check_in_on)


# -- dates ------------------------------------------------------------------------------


class Scheduled(Protocol):
    """What the date rules read from a delegation (a ``Delegation`` or a light copy)."""

    @property
    def status(self) -> DelegationStatus: ...
    @property
    def started_on(self) -> date | None: ...
    @property
    def due_on(self) -> date | None: ...
    @property
    def check_in_every_days(self) -> int: ...
    @property
    def next_check_in_on(self) -> date | None: ...
    @property
    def escalate_after_days(self) -> int | None: ...
    @property
    def last_news_on(self) -> date | None: ...
    @property
    def snoozed_until(self) -> date | None: ...


def next_check_in(from_day: date, every_days: int) -> date:
    """The next check-in: one cadence after the last contact (or the start)."""
    return from_day + timedelta(days=check_cadence(every_days))


def last_contact(delegation: Scheduled) -> date | None:
    """The last day we heard anything: the last news, else the day it was handed over."""
    return delegation.last_news_on or delegation.started_on


def days_since_news(delegation: Scheduled, today: date) -> int | None:
    contact = last_contact(delegation)
    if contact is None:
        return None
    return max((today - contact).days, 0)


def effective_status(status: DelegationStatus, task_status: TaskStatus | None) -> DelegationStatus:
    """The status the tracker shows, following the linked task.

    Completing a task from the board (which knows nothing of delegations) makes its open
    delegation count as done; letting the task go makes it count as cancelled. Reopening
    the task on the board brings the stored status back, so nothing is lost either way.
    """
    if not isinstance(status, DelegationStatus):
        status = DelegationStatus(status)
    if not status.is_open or task_status is None:
        return status
    if task_status == TaskStatus.DONE:
        return DelegationStatus.DONE
    if task_status == TaskStatus.LET_GO:
        return DelegationStatus.CANCELLED
    return status


# -- needs attention ----------------------------------------------------------------------


class AttentionReason(enum.StrEnum):
    CHECK_IN_DUE = "check_in_due"  # the agreed check-in date has come (or passed)
    PAST_DUE = "past_due"  # the delegation's own due date has passed
    NO_NEWS = "no_news"  # silence for longer than the check-in cadence
    STUCK = "stuck"  # blocked for longer than the escalation rule allows


@dataclass(frozen=True)
class Attention:
    reason: AttentionReason
    days: int  # how many days late / silent / blocked

    def describe(self) -> str:
        n = self.days
        if self.reason is AttentionReason.CHECK_IN_DUE:
            if n == 0:
                return "Check-in due today"
            return f"Check-in overdue by {_days(n)}"
        if self.reason is AttentionReason.PAST_DUE:
            return f"Past due by {_days(n)}"
        if self.reason is AttentionReason.NO_NEWS:
            return f"No news for {_days(n)}"
        return f"Blocked for {_days(n)}"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def is_snoozed(delegation: Scheduled, today: date) -> bool:
    """Snoozed until a date: hidden from the attention list up to and including that day."""
    return delegation.snoozed_until is not None and today <= delegation.snoozed_until


def attention_for(
    delegation: Scheduled,
    today: date,
    task_status: TaskStatus | None = None,
    *,
    ignore_snooze: bool = False,
) -> list[Attention]:
    """Why an open delegation needs the lead's attention today (empty: it does not)."""
    if not effective_status(delegation.status, task_status).is_open:
        return []
    if not ignore_snooze and is_snoozed(delegation, today):
        return []
    found: list[Attention] = []
    if delegation.next_check_in_on is not None and delegation.next_check_in_on <= today:
        found.append(
            Attention(AttentionReason.CHECK_IN_DUE, (today - delegation.next_check_in_on).days)
        )
    if delegation.due_on is not None and delegation.due_on < today:
        found.append(Attention(AttentionReason.PAST_DUE, (today - delegation.due_on).days))
    silent = days_since_news(delegation, today)
    if silent is not None and silent > delegation.check_in_every_days:
        found.append(Attention(AttentionReason.NO_NEWS, silent))
    if (
        delegation.status == DelegationStatus.BLOCKED
        and delegation.escalate_after_days is not None
        and silent is not None
        and silent > delegation.escalate_after_days
    ):
        found.append(Attention(AttentionReason.STUCK, silent))
    return found


def check_snooze(until: date, today: date) -> date:
    if until <= today:
        raise ValidationError("Snooze until a day after today.")
    if (until - today).days > 366:
        raise ValidationError("Snooze for at most a year.")
    return until


def default_snooze(delegation: Scheduled, today: date) -> date:
    """A sensible snooze: one cadence from today, at most a week."""
    return today + timedelta(days=min(max(delegation.check_in_every_days, 1), 7))


# -- load per person -----------------------------------------------------------------


@dataclass(frozen=True)
class LoadHint:
    person_id: int
    count: int
    total: int
    overloaded: bool  # many delegations, whatever the share
    silo: bool  # most of the team's delegations

    def describe(self, name: str) -> str:
        if self.silo:
            return (
                f"{name} holds {self.count} of {self.total} active delegations. "
                "Spreading work avoids knowledge silos and overload."
            )
        return (
            f"{name} holds {self.count} active delegations. "
            "Check their workload before handing over more."
        )


def count_per_person(person_ids: Iterable[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for pid in person_ids:
        counts[pid] = counts.get(pid, 0) + 1
    return counts


def load_hint(counts: Mapping[int, int], team_size: int) -> LoadHint | None:
    """The one hint worth showing about how active delegations are spread, if any.

    A silo hint needs a team of at least two (with one person there is no one else to ask).
    """
    if not counts:
        return None
    total = sum(counts.values())
    person_id, count = max(counts.items(), key=lambda item: (item[1], -item[0]))
    silo = team_size >= 2 and count >= SILO_MIN_COUNT and count / total > SILO_SHARE
    overloaded = count >= OVERLOAD_COUNT
    if not (silo or overloaded):
        return None
    return LoadHint(person_id, count, total, overloaded, silo)
