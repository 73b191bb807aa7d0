"""The review's figures as they were computed before issue 18 (ORM rows, rules in Python).

Kept only as the reference that ``test_figures_same_as_before.py`` compares the SQL
tallies of ``ReviewRepository`` with, on a seeded vault: every number must be the same.
A verbatim copy of ``services/reviews._WeekData`` and the ``domain/review_rules`` functions
it called (commit f799d30), trimmed to what the figures need.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from leaddesk.domain.model import (
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
    TaskStatus,
    TimeBlock,
)
from leaddesk.domain.review_rules import WeekFigures
from leaddesk.domain.week import week_bounds
from leaddesk.storage import tables

CADENCE_LOOKBACK = timedelta(days=366)
NOT_PLANNED_KINDS = frozenset({BlockKind.BREAK, BlockKind.BUFFER})
OUTCOME_CREDIT = {BlockOutcome.DONE: 1.0, BlockOutcome.PARTLY_DONE: 0.5}


def is_planned_work(block: TimeBlock) -> bool:
    return not block.read_only and block.kind not in NOT_PLANNED_KINDS


def percent(part: float, whole: float) -> float | None:
    if whole <= 0:
        return None
    return round(100.0 * part / whole, 1)


def has_happened(block: TimeBlock, now: datetime | None) -> bool:
    return now is None or block.outcome is not BlockOutcome.PLANNED or block.end <= now


def plan_vs_done(blocks: list[TimeBlock], now: datetime | None) -> tuple[int, float, Any]:
    planned = [b for b in blocks if is_planned_work(b) and has_happened(b, now)]
    done = sum(OUTCOME_CREDIT.get(b.outcome, 0.0) for b in planned)
    return len(planned), done, percent(done, len(planned))


def focus_hours(blocks: list[TimeBlock], now: datetime | None) -> float:
    minutes = sum(
        b.minutes
        for b in blocks
        if b.kind is BlockKind.FOCUS
        and b.outcome is not BlockOutcome.SKIPPED
        and has_happened(b, now)
    )
    return round(minutes / 60.0, 2)


def one_on_one_dates(notes: list[Note], blocks: list[TimeBlock], tz: Any) -> dict[int, list[date]]:
    found: dict[int, set[date]] = {}
    for n in notes:
        if n.kind is NoteKind.ONE_ON_ONE:
            found.setdefault(n.person_id, set()).add(n.written_on)
    for b in blocks:
        if (
            b.kind is BlockKind.ONE_ON_ONE
            and b.person_id is not None
            and b.outcome in OUTCOME_CREDIT
        ):
            found.setdefault(b.person_id, set()).add(b.start.astimezone(tz).date())
    return {pid: sorted(days) for pid, days in found.items()}


def one_on_ones_on_cadence(people: list[Person], dates: dict[int, list[date]], at: date) -> Any:
    counted = kept = 0
    for person in people:
        if person.archived or person.relationship is not Relationship.REPORT:
            continue
        days = dates.get(person.id, [])  # type: ignore[arg-type]
        index = bisect_right(days, at)
        last = days[index - 1] if index else None
        cadence = timedelta(days=person.one_on_one_every_days)
        if last is None and person.started_on is not None and at - person.started_on < cadence:
            continue
        counted += 1
        if last is not None and at - last <= cadence:
            kept += 1
    return percent(kept, counted)


def check_ins_on_time(
    delegations: list[Delegation], check_ins: dict[int, list[date]], start: date, end: date
) -> Any:
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


@dataclass
class OldWeekData:
    tz: Any
    blocks: list[TimeBlock]
    completed: list[Task]
    notes: list[Note]
    people: list[Person]
    delegations: list[Delegation]
    check_ins: list[CheckIn]
    now: datetime | None = None

    @classmethod
    def load(cls, s: Session, first: date, weeks: int, tz: Any) -> OldWeekData:
        begin, _ = week_bounds(first, tz)
        _, end = week_bounds(first + timedelta(weeks=weeks - 1), tz)
        lookback_begin, _ = week_bounds(first - CADENCE_LOOKBACK, tz)
        t = tables
        blocks = list(
            s.scalars(
                select(TimeBlock)
                .where(t.time_blocks.c.start >= begin, t.time_blocks.c.start < end)
                .order_by(t.time_blocks.c.start)
            )
        )
        blocks += list(
            s.scalars(
                select(TimeBlock).where(
                    t.time_blocks.c.kind == BlockKind.ONE_ON_ONE,
                    t.time_blocks.c.start >= lookback_begin,
                    t.time_blocks.c.start < begin,
                )
            )
        )
        completed = [
            task
            for task in s.scalars(
                select(Task).where(t.tasks.c.completed_at >= begin, t.tasks.c.completed_at < end)
            )
            if task.status is TaskStatus.DONE
        ]
        last_day = first + timedelta(weeks=weeks)
        notes = list(
            s.scalars(
                select(Note).where(
                    t.notes.c.kind.in_([NoteKind.ONE_ON_ONE, NoteKind.FEEDBACK_GIVEN]),
                    t.notes.c.written_on >= first - CADENCE_LOOKBACK,
                    t.notes.c.written_on < last_day,
                )
            )
        )
        people = list(s.scalars(select(Person)))
        delegations = list(
            s.scalars(
                select(Delegation).where(
                    t.delegations.c.started_on < last_day,
                    (t.delegations.c.closed_on.is_(None)) | (t.delegations.c.closed_on >= first),
                )
            )
        )
        ids = [d.id for d in delegations]
        check_ins = (
            list(
                s.scalars(
                    select(CheckIn).where(
                        t.check_ins.c.delegation_id.in_(ids), t.check_ins.c.on < last_day
                    )
                )
            )
            if ids
            else []
        )
        return cls(tz, blocks, completed, notes, people, delegations, check_ins)

    def blocks_in(self, week_start: date) -> list[TimeBlock]:
        begin, end = week_bounds(week_start, self.tz)
        return sorted((b for b in self.blocks if begin <= b.start < end), key=lambda b: b.start)

    def completed_in(self, week_start: date) -> list[Task]:
        begin, end = week_bounds(week_start, self.tz)
        return [t for t in self.completed if t.completed_at and begin <= t.completed_at < end]

    def figures(self, week_start: date, working_hours: float, target: float) -> WeekFigures:
        week_end = week_start + timedelta(days=7)
        blocks = self.blocks_in(week_start)
        planned, done, pct = plan_vs_done(blocks, self.now)
        completed = self.completed_in(week_start)
        do = sum(1 for t in completed if t.quadrant is Quadrant.DO)
        schedule = sum(1 for t in completed if t.quadrant is Quadrant.SCHEDULE)
        positive = constructive = 0
        for n in self.notes:
            if n.kind is NoteKind.FEEDBACK_GIVEN and week_start <= n.written_on < week_end:
                if n.tone is FeedbackTone.CONSTRUCTIVE:
                    constructive += 1
                else:
                    positive += 1
        check_ins: dict[int, list[date]] = {}
        for c in self.check_ins:
            check_ins.setdefault(c.delegation_id, []).append(c.on)
        check_ins = {k: sorted(v) for k, v in check_ins.items()}
        return WeekFigures(
            week_start=week_start,
            plan_done_percent=pct,
            planned=planned,
            done=done,
            do_completed=do,
            schedule_completed=schedule,
            do_share_percent=percent(do, do + schedule),
            focus_hours=focus_hours(blocks, self.now),
            focus_target_hours=round(working_hours * target / 100.0, 2),
            one_on_ones_on_cadence_percent=one_on_ones_on_cadence(
                self.people,
                one_on_one_dates(self.notes, self.blocks, self.tz),
                week_end - timedelta(days=1),
            ),
            check_ins_on_time_percent=check_ins_on_time(
                self.delegations, check_ins, week_start, week_end
            ),
            feedback_positive=positive,
            feedback_constructive=constructive,
        )


def old_figures(
    s: Session, first: date, weeks: int, tz: Any, now: datetime, hours: float, target: float
) -> list[WeekFigures]:
    data = OldWeekData.load(s, first, weeks, tz)
    data.now = now
    return [data.figures(first + timedelta(weeks=i), hours, target) for i in range(weeks)]


def old_look_back(s: Session, week_start: date, tz: Any) -> dict[str, list[Any]]:
    """The rows the old look-back listed, as plain values to compare."""
    data = OldWeekData.load(s, week_start, 1, tz)
    planned = [b for b in data.blocks_in(week_start) if is_planned_work(b)]
    missed = {
        b.task_id
        for b in planned
        if b.task_id is not None and b.outcome in (BlockOutcome.SKIPPED, BlockOutcome.DERAILED)
    }
    deprioritized = (
        sorted(
            t.id
            for t in s.scalars(select(Task).where(tables.tasks.c.id.in_(missed)))
            if t.status is TaskStatus.OPEN
        )
        if missed
        else []
    )
    return {
        "blocks": [
            (b.id, b.start.astimezone(UTC), b.title, b.outcome, b.outcome_reason) for b in planned
        ],
        "derailed": [b.id for b in planned if b.outcome is BlockOutcome.DERAILED],
        "completed": sorted(t.id for t in data.completed_in(week_start)),
        "deprioritized": deprioritized,
    }
