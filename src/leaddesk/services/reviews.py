"""The Friday weekly review and the insights over weeks.

The review of a week is one ``WeekReview`` row keyed by the week's first day: it is created
when the review starts, saved at every step (so a lock, crash or restart resumes where the
lead was) and finished with the figures frozen, so it stays readable later even if blocks
are edited afterwards.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import review_rules as rules
from ..domain.errors import ValidationError
from ..domain.model import (
    ActionItem,
    ActionOwner,
    BlockKind,
    BlockOutcome,
    CheckIn,
    Delegation,
    DelegationStatus,
    Note,
    NoteKind,
    Person,
    Relationship,
    Task,
    TaskStatus,
    TimeBlock,
    WeekReview,
)
from ..domain.week import week_bounds
from ..storage import tables
from .arguments import checked_arguments, fields_of
from .base import ChangeKind, Service

LESSONS_MAX = 100_000
REVIEW_STEPS = 5
CADENCE_LOOKBACK = timedelta(days=366)
OPEN_DELEGATION = (DelegationStatus.ACTIVE, DelegationStatus.BLOCKED)


@dataclass(frozen=True)
class LookBack:
    """Step 1 of the review: how the week went."""

    week_start: date
    blocks: list[TimeBlock]  # planned work of the week, in time order
    derailed: list[TimeBlock]
    completed: list[Task]
    deprioritized: list[Task]  # booked this week, skipped or derailed, still open
    figures: rules.WeekFigures


@dataclass(frozen=True)
class OneOnOneDue:
    person: Person
    last: date | None
    due_on: date
    overdue: bool


@dataclass(frozen=True)
class PeopleCheck:
    """Step 4 of the review: who needs attention next week."""

    one_on_ones: list[OneOnOneDue]  # overdue or due by the end of next week
    check_ins: list[tuple[Delegation, Person | None, Task | None]]  # due by the end of next week
    my_actions: list[tuple[ActionItem, Person | None]]
    their_actions: list[tuple[ActionItem, Person | None]]


@checked_arguments
class ReviewService(Service):
    # -- reading ----------------------------------------------------------------------
    def get(self, week_start: date) -> WeekReview | None:
        with self.ctx.read() as s:
            return _find(s, week_start)

    def unfinished(self) -> WeekReview | None:
        """The newest review that was started but not finished (to resume it)."""
        with self.ctx.read() as s:
            return s.scalars(
                select(WeekReview)
                .where(tables.week_reviews.c.finished_at.is_(None))
                .order_by(tables.week_reviews.c.week_start.desc())
                .limit(1)
            ).first()

    def finished_reviews(self, limit: int = 52) -> list[WeekReview]:
        with self.ctx.read() as s:
            return list(
                s.scalars(
                    select(WeekReview)
                    .where(tables.week_reviews.c.finished_at.is_not(None))
                    .order_by(tables.week_reviews.c.week_start.desc())
                    .limit(limit)
                )
            )

    def look_back(
        self,
        week_start: date,
        *,
        working_hours_per_week: float = 40.0,
        focus_target_percent: float = 20.0,
    ) -> LookBack:
        with self.ctx.read() as s:
            data = _WeekData.load(s, week_start, 1, self.clock.tz)
        data.now = self.clock.now()
        figures = data.figures(week_start, working_hours_per_week, focus_target_percent)
        week_blocks = data.blocks_in(week_start)
        planned = [b for b in week_blocks if rules.is_planned_work(b)]
        derailed = [b for b in planned if b.outcome is BlockOutcome.DERAILED]
        completed = data.completed_in(week_start)
        missed_task_ids = {
            b.task_id
            for b in planned
            if b.task_id is not None and b.outcome in (BlockOutcome.SKIPPED, BlockOutcome.DERAILED)
        }
        with self.ctx.read() as s:
            deprioritized = (
                list(
                    s.scalars(
                        select(Task)
                        .where(tables.tasks.c.id.in_(missed_task_ids))
                        .where(tables.tasks.c.status == TaskStatus.OPEN)
                        .order_by(tables.tasks.c.id)
                    )
                )
                if missed_task_ids
                else []
            )
        return LookBack(week_start, planned, derailed, completed, deprioritized, figures)

    def insights(
        self,
        last_week_start: date,
        weeks: int = 26,
        *,
        working_hours_per_week: float = 40.0,
        focus_target_percent: float = 20.0,
    ) -> list[rules.WeekFigures]:
        """Figures for ``weeks`` weeks ending with the week starting ``last_week_start``,
        oldest first. A handful of range queries, whatever the size of the history."""
        if not 1 <= weeks <= 260:
            raise ValidationError("Insights cover between 1 and 260 weeks.")
        first = last_week_start - timedelta(weeks=weeks - 1)
        with self.ctx.read() as s:
            data = _WeekData.load(s, first, weeks, self.clock.tz)
        data.now = self.clock.now()
        return [
            data.figures(first + timedelta(weeks=i), working_hours_per_week, focus_target_percent)
            for i in range(weeks)
        ]

    def people_check(self, horizon_end: date) -> PeopleCheck:
        """One-on-ones overdue or due by ``horizon_end``, delegation check-ins due by then,
        and every open action item (mine and theirs)."""
        from .notes.cadence import CadenceService  # the people list's cadence, not a copy

        overview = CadenceService(self.ctx).people_overview()
        with self.ctx.read() as s:
            people = {p.id: p for p in s.scalars(select(Person))}
            due_delegations = list(
                s.scalars(
                    select(Delegation)
                    .where(tables.delegations.c.status.in_(OPEN_DELEGATION))
                    .where(tables.delegations.c.next_check_in_on <= horizon_end)
                    .order_by(tables.delegations.c.next_check_in_on)
                )
            )
            task_ids = [d.task_id for d in due_delegations]
            tasks = (
                {t.id: t for t in s.scalars(select(Task).where(tables.tasks.c.id.in_(task_ids)))}
                if task_ids
                else {}
            )
            actions = list(
                s.scalars(
                    select(ActionItem)
                    .where(tables.action_items.c.done_on.is_(None))
                    .order_by(tables.action_items.c.created_on, tables.action_items.c.id)
                )
            )
        due = sorted(
            (
                OneOnOneDue(
                    row.person, row.cadence.last_on, row.cadence.next_due_on, row.cadence.is_overdue
                )
                for row in overview
                if row.person.relationship is Relationship.REPORT
                and row.cadence.next_due_on <= horizon_end
            ),
            key=lambda d: d.due_on,
        )
        return PeopleCheck(
            due,
            [(d, people.get(d.person_id), tasks.get(d.task_id)) for d in due_delegations],
            [(a, people.get(a.person_id)) for a in actions if a.owner is ActionOwner.MINE],
            [(a, people.get(a.person_id)) for a in actions if a.owner is ActionOwner.THEIRS],
        )

    # -- writing ----------------------------------------------------------------------
    def start(self, week_start: date) -> WeekReview:
        """The review of ``week_start``: the existing one, or a new one at step 0."""
        with self.ctx.write(ChangeKind.REVIEWS) as s:
            review = _find(s, week_start)
            if review is None:
                review = WeekReview(week_start=week_start)
                s.add(review)
                s.flush()
        return review

    @fields_of(WeekReview)
    def save(self, week_start: date, **changes: Any) -> WeekReview:
        """Save the step reached and the texts typed so far (called on every change)."""
        allowed = {"step", "lessons", "derailed_notes", "deprioritized"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValidationError(f"Unknown review fields: {', '.join(sorted(unknown))}.")
        if "step" in changes and not 0 <= int(changes["step"]) < REVIEW_STEPS:
            raise ValidationError(f"A review has steps 1 to {REVIEW_STEPS}.")
        for key in ("lessons", "derailed_notes"):
            if key in changes and len(changes[key]) > LESSONS_MAX:
                raise ValidationError("That text is too long (at most 100,000 characters).")
        if "deprioritized" in changes:
            changes["deprioritized"] = {
                str(k): str(v) for k, v in dict(changes["deprioritized"]).items()
            }
        with self.ctx.write(ChangeKind.REVIEWS) as s:
            review = _find(s, week_start)
            if review is None:
                review = WeekReview(week_start=week_start)
                s.add(review)
            for key, value in changes.items():
                setattr(review, key, value)
        return review

    def finish(
        self,
        week_start: date,
        *,
        working_hours_per_week: float = 40.0,
        focus_target_percent: float = 20.0,
    ) -> WeekReview:
        """Freeze the week's figures into the review and mark it finished."""
        look = self.look_back(
            week_start,
            working_hours_per_week=working_hours_per_week,
            focus_target_percent=focus_target_percent,
        )
        figures = {k: v for k, v in asdict(look.figures).items() if k not in ("week_start",)}
        figures.pop("extra", None)
        with self.ctx.write(ChangeKind.REVIEWS) as s:
            review = _find(s, week_start)
            if review is None:
                review = WeekReview(week_start=week_start)
                s.add(review)
            review.planned_count = look.figures.planned
            review.done_count = round(look.figures.done)
            review.figures = {k: v for k, v in figures.items() if v is not None}
            review.step = REVIEW_STEPS - 1
            review.finished_at = self.clock.now()
        return review


def _find(s: Session, week_start: date) -> WeekReview | None:
    return s.scalars(
        select(WeekReview).where(tables.week_reviews.c.week_start == week_start)
    ).first()


@dataclass
class _WeekData:
    """Everything the figures of a run of weeks need, loaded with a few range queries."""

    tz: Any
    blocks: list[TimeBlock]
    completed: list[Task]
    notes: list[Note]
    people: list[Person]
    delegations: list[Delegation]
    check_ins: list[CheckIn]
    # Blocks still ahead of this instant (with no outcome yet) are left out of the figures:
    # plan vs done and focus hours count what has happened (review_rules.has_happened).
    now: datetime | None = None

    @classmethod
    def load(cls, s: Session, first: date, weeks: int, tz: Any) -> _WeekData:
        begin, _ = week_bounds(first, tz)
        _, end = week_bounds(first + timedelta(weeks=weeks - 1), tz)
        lookback_begin, _ = week_bounds(first - CADENCE_LOOKBACK, tz)
        blocks = list(
            s.scalars(
                select(TimeBlock)
                .where(tables.time_blocks.c.start >= begin, tables.time_blocks.c.start < end)
                .order_by(tables.time_blocks.c.start)
            )
        )
        # One-on-one blocks further back decide whether the cadence was kept.
        blocks += list(
            s.scalars(
                select(TimeBlock).where(
                    tables.time_blocks.c.kind == BlockKind.ONE_ON_ONE,
                    tables.time_blocks.c.start >= lookback_begin,
                    tables.time_blocks.c.start < begin,
                )
            )
        )
        # Only the completed_at range goes to SQL: with "status = done" SQLite would pick
        # the (status, ...) index and walk every finished task of the whole history.
        completed = [
            t
            for t in s.scalars(
                select(Task).where(
                    tables.tasks.c.completed_at >= begin,
                    tables.tasks.c.completed_at < end,
                )
            )
            if t.status is TaskStatus.DONE
        ]
        last_day = first + timedelta(weeks=weeks)
        notes = list(
            s.scalars(
                select(Note).where(
                    tables.notes.c.kind.in_([NoteKind.ONE_ON_ONE, NoteKind.FEEDBACK_GIVEN]),
                    tables.notes.c.written_on >= first - CADENCE_LOOKBACK,
                    tables.notes.c.written_on < last_day,
                )
            )
        )
        people = list(s.scalars(select(Person)))
        delegations = list(
            s.scalars(
                select(Delegation).where(
                    tables.delegations.c.started_on < last_day,
                    (tables.delegations.c.closed_on.is_(None))
                    | (tables.delegations.c.closed_on >= first),
                )
            )
        )
        ids = [d.id for d in delegations]
        check_ins: list[CheckIn] = []
        for chunk in range(0, len(ids), 500):
            check_ins += list(
                s.scalars(
                    select(CheckIn).where(
                        tables.check_ins.c.delegation_id.in_(ids[chunk : chunk + 500]),
                        tables.check_ins.c.on < last_day,
                    )
                )
            )
        return cls(tz, blocks, completed, notes, people, delegations, check_ins)

    @functools.cached_property
    def check_in_dates(self) -> dict[int, list[date]]:
        return rules.check_in_dates(self.check_ins)

    @functools.cached_property
    def feedback_notes(self) -> list[Note]:
        return [n for n in self.notes if n.kind is NoteKind.FEEDBACK_GIVEN]

    @functools.cached_property
    def one_on_one_dates(self) -> rules.OneOnOneDates:
        return rules.one_on_one_dates(self.notes, self.blocks, self.tz)

    def _bounds(self, week_start: date) -> tuple[datetime, datetime]:
        """The week's instants in UTC: comparing UTC to UTC skips tz lookups per row."""
        begin, end = week_bounds(week_start, self.tz)
        return begin.astimezone(UTC), end.astimezone(UTC)

    @functools.cached_property
    def _blocks_by_start(self) -> tuple[list[datetime], list[TimeBlock]]:
        ordered = sorted(self.blocks, key=lambda b: b.start)
        return [b.start.astimezone(UTC) for b in ordered], ordered

    @functools.cached_property
    def _completed_by_time(self) -> tuple[list[datetime], list[Task]]:
        done = sorted(
            ((t.completed_at, t) for t in self.completed if t.completed_at is not None),
            key=lambda pair: pair[0],
        )
        return [when.astimezone(UTC) for when, _ in done], [t for _, t in done]

    def blocks_in(self, week_start: date) -> list[TimeBlock]:
        begin, end = self._bounds(week_start)
        keys, blocks = self._blocks_by_start
        return blocks[bisect_left(keys, begin) : bisect_left(keys, end)]

    def completed_in(self, week_start: date) -> list[Task]:
        begin, end = self._bounds(week_start)
        keys, tasks = self._completed_by_time
        return tasks[bisect_left(keys, begin) : bisect_left(keys, end)]

    def figures(
        self, week_start: date, working_hours: float, focus_target_percent: float
    ) -> rules.WeekFigures:
        week_end = week_start + timedelta(days=7)
        blocks = self.blocks_in(week_start)
        pvd = rules.plan_vs_done(blocks, self.now)
        do, schedule, do_share = rules.do_vs_schedule(self.completed_in(week_start))
        feedback = rules.feedback_given(self.feedback_notes, week_start, week_end)
        last_day = week_end - timedelta(days=1)
        return rules.WeekFigures(
            week_start=week_start,
            plan_done_percent=pvd.percent,
            planned=pvd.planned,
            done=pvd.done,
            do_completed=do,
            schedule_completed=schedule,
            do_share_percent=do_share,
            focus_hours=rules.focus_hours(blocks, self.now),
            focus_target_hours=rules.focus_target_hours(working_hours, focus_target_percent),
            one_on_ones_on_cadence_percent=rules.one_on_ones_on_cadence(
                self.people, self.one_on_one_dates, last_day
            ),
            check_ins_on_time_percent=rules.check_ins_on_time(
                self.delegations, self.check_in_dates, week_start, week_end
            ),
            feedback_positive=feedback.positive,
            feedback_constructive=feedback.constructive,
        )


def figure_rows(figures: Sequence[rules.WeekFigures]) -> list[dict[str, Any]]:
    """Plain dicts of figures (for JSON exports and charts)."""
    return [asdict(f) for f in figures]
