"""Figures of the Friday review and of the insights over weeks (pure, unit-tested).

Definitions (shown to the user in the review, so keep them simple):
- *Planned* work is every block of the week the lead planned themself, except breaks,
  buffers and read-only meetings imported from another calendar (:data:`NOT_PLANNED_KINDS`).
- A block counts once it *has happened*: it has ended, or its outcome is already recorded.
  A block still ahead with no outcome is neither done nor missed.
- *Done* counts a done block as 1 and a partly done block as 1/2 (:data:`OUTCOME_CREDIT`).
- Plan-vs-done is done / planned as a percentage, or ``None`` for a week with nothing
  planned (never a division by zero).
- *Focus* hours are the real elapsed minutes of focus blocks that have happened and were not
  skipped (a week with a DST change counts correctly).
- A report is *on cadence* at a day when their last one-on-one (a one-on-one note, or a
  one-on-one block with them that was done or partly done, on its local day) is no older
  than their cadence; someone who started less than one cadence ago and has had none yet is
  not counted.
- A delegation open during a week has its *check-in on time* when its latest news at the
  week's end (its last check-in before then, or its start) is no older than its check-in
  cadence, measured to the week's end or to the day it closed.

The vault adds these up per week in one query (``storage.repositories.reviews``, with the
constants below); the functions here turn the sums into the figures the review shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import NamedTuple

from .model import BlockKind, BlockOutcome

NOT_PLANNED_KINDS = frozenset({BlockKind.BREAK, BlockKind.BUFFER})
OUTCOME_CREDIT = {BlockOutcome.DONE: 1.0, BlockOutcome.PARTLY_DONE: 0.5}
# Missing a planned block this way leaves its task "deprioritized" when it is still open.
MISSED_OUTCOMES = frozenset({BlockOutcome.SKIPPED, BlockOutcome.DERAILED})
# One-on-ones further back than this before the first week shown are not looked for.
CADENCE_LOOKBACK = timedelta(days=366)


class WeekSpan(NamedTuple):
    """One week to add up: its first day and its local midnights as aware instants."""

    first_day: date
    begin: datetime
    end: datetime


class WeekTally(NamedTuple):
    """What the vault holds for one week, counted by the definitions above."""

    planned: int = 0  # planned work blocks that have happened
    done_blocks: int = 0  # of which done
    partly_done_blocks: int = 0  # of which partly done
    focus_minutes: int = 0  # focus blocks that have happened, not skipped
    do_completed: int = 0  # tasks completed in the week, by quadrant
    schedule_completed: int = 0
    feedback_positive: int = 0  # feedback given (no tone counts as positive)
    feedback_constructive: int = 0
    delegations_open: int = 0  # delegations open during the week
    delegations_on_time: int = 0  # of which with news within their check-in cadence


class ReportOneOnOnes(NamedTuple):
    """A current report at the end of one week: their cadence and last one-on-one."""

    person_id: int
    every_days: int
    started_on: date | None
    last_note_on: date | None  # last one-on-one note up to the week's last day
    last_block_start: datetime | None  # start of the last one-on-one block held, up to then


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


def plan_vs_done(tally: WeekTally) -> PlanVsDone:
    """The one definition of plan vs done (the review's look back, Past reviews and the
    Insights all read it through ``ReviewService``): done = 1, partly done = 1/2."""
    planned = tally.planned
    # An empty week has done 0; otherwise a sum of the credits (exact halves).
    done: float = (
        tally.done_blocks * OUTCOME_CREDIT[BlockOutcome.DONE]
        + tally.partly_done_blocks * OUTCOME_CREDIT[BlockOutcome.PARTLY_DONE]
        if planned
        else 0
    )
    return PlanVsDone(planned, done, percent(done, planned))


def focus_hours(tally: WeekTally) -> float:
    return round(tally.focus_minutes / 60.0, 2)


def focus_target_hours(working_hours_per_week: float, target_percent: float) -> float:
    return round(working_hours_per_week * target_percent / 100.0, 2)


def do_share(tally: WeekTally) -> float | None:
    """Do's share of the tasks completed from Do and Schedule, in percent."""
    return percent(tally.do_completed, tally.do_completed + tally.schedule_completed)


def check_ins_on_time(tally: WeekTally) -> float | None:
    return percent(tally.delegations_on_time, tally.delegations_open)


def one_on_ones_on_cadence(
    reports: Iterable[ReportOneOnOnes], at: date, tz: tzinfo | None = None
) -> float | None:
    """Share of current reports whose last one-on-one is within their cadence at ``at``
    (a block's day is its local day in ``tz``)."""
    counted = kept = 0
    for row in reports:
        last = row.last_note_on
        if row.last_block_start is not None:
            held = row.last_block_start.astimezone(tz).date()
            last = held if last is None or held > last else last
        cadence = timedelta(days=row.every_days)
        if last is None and row.started_on is not None and at - row.started_on < cadence:
            continue
        counted += 1
        if last is not None and at - last <= cadence:
            kept += 1
    return percent(kept, counted)


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


def week_figures(
    week_start: date,
    tally: WeekTally,
    reports: Iterable[ReportOneOnOnes],
    *,
    focus_target: float,
    tz: tzinfo | None = None,
) -> WeekFigures:
    """The figures of the week starting ``week_start`` from what the vault counted."""
    pvd = plan_vs_done(tally)
    return WeekFigures(
        week_start=week_start,
        plan_done_percent=pvd.percent,
        planned=pvd.planned,
        done=pvd.done,
        do_completed=tally.do_completed,
        schedule_completed=tally.schedule_completed,
        do_share_percent=do_share(tally),
        focus_hours=focus_hours(tally),
        focus_target_hours=focus_target,
        one_on_ones_on_cadence_percent=one_on_ones_on_cadence(
            reports, week_start + timedelta(days=6), tz
        ),
        check_ins_on_time_percent=check_ins_on_time(tally),
        feedback_positive=tally.feedback_positive,
        feedback_constructive=tally.feedback_constructive,
    )
