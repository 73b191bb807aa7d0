"""Figures of the Friday review and of the insights over weeks (pure, unit-tested).

Definitions (shown to the user in the review, so keep them simple):
- *Planned* work is every block of the week the lead planned themself, except breaks,
  buffers and read-only meetings imported from another calendar.
- *Done* counts a done block as 1 and a partly done block as 1/2.
- Plan-vs-done is done / planned as a percentage, or ``None`` for a week with nothing
  planned (never a division by zero).
- Durations are real elapsed minutes, so a week with a DST change counts correctly.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from .model import (
    BlockKind,
    BlockOutcome,
    CheckIn,
    Delegation,
    FeedbackTone,
    Note,
    NoteKind,
    Person,
    Quadrant,
    Relationship,
    Task,
    TimeBlock,
)

NOT_PLANNED_KINDS = frozenset({BlockKind.BREAK, BlockKind.BUFFER})
OUTCOME_CREDIT = {BlockOutcome.DONE: 1.0, BlockOutcome.PARTLY_DONE: 0.5}


def is_planned_work(block: TimeBlock) -> bool:
    return not block.read_only and block.kind not in NOT_PLANNED_KINDS


def percent(part: float, whole: float) -> float | None:
    """``part`` of ``whole`` in percent, rounded to one decimal; ``None`` when whole is 0."""
    if whole <= 0:
        return None
    return round(100.0 * part / whole, 1)


@dataclass(frozen=True)
class PlanVsDone:
    planned: int
    done: float
    percent: float | None
    planned_minutes: int
    done_minutes: float


def has_happened(block: TimeBlock, now: datetime | None) -> bool:
    """Whether a block counts in the week's figures at ``now``: it has ended, or its outcome
    is already recorded. A block still ahead with no outcome is neither done nor missed."""
    return now is None or block.outcome is not BlockOutcome.PLANNED or block.end <= now


def plan_vs_done(blocks: Iterable[TimeBlock], now: datetime | None = None) -> PlanVsDone:
    """The one definition of plan vs done (the review's look back, Past reviews and the
    Insights all read it through ``ReviewService``): planned work blocks that have happened
    by ``now`` (:func:`has_happened`), done = 1, partly done = 1/2."""
    planned = [b for b in blocks if is_planned_work(b) and has_happened(b, now)]
    done = sum(OUTCOME_CREDIT.get(b.outcome, 0.0) for b in planned)
    planned_minutes = sum(b.minutes for b in planned)
    done_minutes = sum(OUTCOME_CREDIT.get(b.outcome, 0.0) * b.minutes for b in planned)
    return PlanVsDone(
        len(planned), done, percent(done, len(planned)), planned_minutes, done_minutes
    )


def focus_hours(blocks: Iterable[TimeBlock], now: datetime | None = None) -> float:
    """Hours of focus / coding blocks in the week that have happened by ``now`` (skipped
    ones excluded; see :func:`has_happened`)."""
    minutes = sum(
        b.minutes
        for b in blocks
        if b.kind is BlockKind.FOCUS
        and b.outcome is not BlockOutcome.SKIPPED
        and has_happened(b, now)
    )
    return round(minutes / 60.0, 2)


def focus_target_hours(working_hours_per_week: float, target_percent: float) -> float:
    return round(working_hours_per_week * target_percent / 100.0, 2)


def do_vs_schedule(completed: Iterable[Task]) -> tuple[int, int, float | None]:
    """Completed tasks from Do and from Schedule, and Do's share of the two in percent."""
    tasks = list(completed)
    do = sum(1 for t in tasks if t.quadrant is Quadrant.DO)
    schedule = sum(1 for t in tasks if t.quadrant is Quadrant.SCHEDULE)
    return do, schedule, percent(do, do + schedule)


OneOnOneDates = dict[int, list[date]]


def one_on_one_dates(
    notes: Iterable[Note], blocks: Iterable[TimeBlock], tz: tzinfo | None = None
) -> OneOnOneDates:
    """Per person, the sorted dates of one-on-ones held: a one-on-one note, or a one-on-one
    block with the person that was done or partly done (on its local day in ``tz``).
    Built once, searched per week."""
    found: dict[int, set[date]] = {}
    for n in notes:
        if n.kind is NoteKind.ONE_ON_ONE:
            found.setdefault(n.person_id, set()).add(n.written_on)
    for b in blocks:
        if (
            b.kind is BlockKind.ONE_ON_ONE
            and b.person_id is not None
            and (b.outcome in OUTCOME_CREDIT)
        ):
            found.setdefault(b.person_id, set()).add(b.start.astimezone(tz).date())
    return {pid: sorted(days) for pid, days in found.items()}


def last_on_or_before(days: Sequence[date], until: date) -> date | None:
    index = bisect_right(days, until)
    return days[index - 1] if index else None


def one_on_ones_on_cadence(
    people: Sequence[Person], dates: OneOnOneDates, at: date
) -> float | None:
    """Share of current reports whose last one-on-one is within their cadence at ``at``.

    People who started less than one cadence ago and have had none yet are not counted.
    """
    counted = kept = 0
    for person in people:
        if person.archived or person.relationship is not Relationship.REPORT:
            continue
        if person.id is None:
            continue
        last = last_on_or_before(dates.get(person.id, []), at)
        cadence = timedelta(days=person.one_on_one_every_days)
        if last is None and person.started_on is not None and at - person.started_on < cadence:
            continue
        counted += 1
        if last is not None and at - last <= cadence:
            kept += 1
    return percent(kept, counted)


def check_in_dates(check_ins: Iterable[CheckIn]) -> dict[int, list[date]]:
    """Per delegation, the sorted dates of its check-ins (built once, searched per week)."""
    found: dict[int, list[date]] = {}
    for c in check_ins:
        found.setdefault(c.delegation_id, []).append(c.on)
    return {k: sorted(v) for k, v in found.items()}


def check_ins_on_time(
    delegations: Sequence[Delegation], check_ins: dict[int, list[date]], start: date, end: date
) -> float | None:
    """Share of the delegations open during [start, end) whose latest news at ``end`` is no
    older than their check-in cadence (a check-in, or the start of the delegation)."""
    counted = on_time = 0
    for d in delegations:
        started, closed = d.started_on, d.closed_on
        if d.id is None or started is None or started >= end:
            continue
        if closed is not None and closed < start:
            continue
        counted += 1
        days = check_ins.get(d.id, [])
        index = bisect_left(days, end)
        last_news = max(days[index - 1], started) if index else started
        horizon = min(end, closed) if closed else end
        if (horizon - last_news).days <= d.check_in_every_days:
            on_time += 1
    return percent(on_time, counted)


@dataclass(frozen=True)
class FeedbackCount:
    positive: int = 0
    constructive: int = 0


def feedback_given(notes: Iterable[Note], start: date, end: date) -> FeedbackCount:
    positive = constructive = 0
    for n in notes:
        kind, written_on = n.kind, n.written_on
        if kind is NoteKind.FEEDBACK_GIVEN and start <= written_on < end:
            if n.tone is FeedbackTone.CONSTRUCTIVE:
                constructive += 1
            else:
                positive += 1
    return FeedbackCount(positive, constructive)


@dataclass(frozen=True)
class WeekFigures:
    """One week of insights (all percentages may be ``None``: nothing to measure)."""

    week_start: date
    plan_done_percent: float | None
    planned: int
    done: float
    do_completed: int
    schedule_completed: int
    do_share_percent: float | None
    focus_hours: float
    focus_target_hours: float
    one_on_ones_on_cadence_percent: float | None
    check_ins_on_time_percent: float | None
    feedback_positive: int
    feedback_constructive: int
    extra: dict[str, float] = field(default_factory=dict)
