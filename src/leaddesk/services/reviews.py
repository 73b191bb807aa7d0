"""The Friday weekly review and the insights over weeks.

The review of a week is one ``WeekReview`` row keyed by the week's first day: it is created
when the review starts, saved at every step (so a lock, crash or restart resumes where the
lead was) and finished with the figures frozen, so it stays readable later even if blocks
are edited afterwards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ..domain import review_rules as rules
from ..domain.errors import ValidationError
from ..domain.model import (
    ActionItem,
    ActionOwner,
    BlockOutcome,
    Delegation,
    Person,
    Relationship,
    Task,
    TaskStatus,
    WeekReview,
)
from ..domain.week import week_bounds
from ..storage.repositories.reviews import (
    CompletedTask,
    OpenTask,
    ReviewBlock,
    ReviewRepository,
)
from .arguments import checked_arguments, fields_of
from .base import ChangeKind, Service

LESSONS_MAX = 100_000
REVIEW_STEPS = 5
CADENCE_LOOKBACK = rules.CADENCE_LOOKBACK


@dataclass(frozen=True)
class LookBack:
    """Step 1 of the review: how the week went."""

    week_start: date
    blocks: list[ReviewBlock]  # planned work of the week, in time order
    derailed: list[ReviewBlock]
    completed: list[CompletedTask]
    deprioritized: list[OpenTask]  # booked this week, skipped or derailed, still open
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
        with self.hub.read() as s:
            return ReviewRepository(s).for_week(week_start)

    def unfinished(self) -> WeekReview | None:
        """The newest review that was started but not finished (to resume it)."""
        with self.hub.read() as s:
            return ReviewRepository(s).newest_unfinished()

    def finished_reviews(self, limit: int = 52) -> list[WeekReview]:
        with self.hub.read() as s:
            return ReviewRepository(s).finished(limit)

    def look_back(
        self,
        week_start: date,
        *,
        working_hours_per_week: float = 40.0,
        focus_target_percent: float = 20.0,
    ) -> LookBack:
        begin, end = week_bounds(week_start, self.clock.tz)
        now = self.clock.now()
        with self._snapshot() as repo:
            # The week's blocks are read once: listed, and added up for the figures.
            planned, block_sums = repo.week_blocks(begin, end, now)
            figures = self._figures(
                repo,
                week_start,
                1,
                working_hours_per_week,
                focus_target_percent,
                now=now,
                first_span=rules.WeekSpan(week_start, begin, end),
                block_sums=block_sums,
            )
            completed = repo.completed_tasks(begin, end)
        derailed = [b for b in planned if b.outcome is BlockOutcome.DERAILED]
        missed = {
            b.task_id: OpenTask(b.task_id, b.task_title or "")
            for b in planned
            if b.task_id is not None
            and b.outcome in rules.MISSED_OUTCOMES
            and b.task_status is TaskStatus.OPEN
        }
        deprioritized = [missed[i] for i in sorted(missed)]
        return LookBack(week_start, planned, derailed, completed, deprioritized, figures[0])

    def insights(
        self,
        last_week_start: date,
        weeks: int = 26,
        *,
        working_hours_per_week: float = 40.0,
        focus_target_percent: float = 20.0,
    ) -> list[rules.WeekFigures]:
        """Figures for ``weeks`` weeks ending with the week starting ``last_week_start``,
        oldest first. One query, whatever the size of the history."""
        if not 1 <= weeks <= 260:
            raise ValidationError("Insights cover between 1 and 260 weeks.")
        first = last_week_start - timedelta(weeks=weeks - 1)
        with self._snapshot() as repo:
            return self._figures(repo, first, weeks, working_hours_per_week, focus_target_percent)

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[ReviewRepository]:
        """The figures' read: one read transaction on the vault's own connection (no ORM
        session: the figures read plain rows only); driver errors arrive as ``VaultError``
        as from ``hub.read()``."""
        with self.hub.read_rows() as raw:
            yield ReviewRepository(None, raw=raw)

    def _figures(
        self,
        repo: ReviewRepository,
        first: date,
        weeks: int,
        working_hours: float,
        focus_target_percent: float,
        *,
        now: datetime | None = None,
        first_span: rules.WeekSpan | None = None,
        block_sums: dict[str, int] | None = None,
    ) -> list[rules.WeekFigures]:
        tz = self.clock.tz
        spans = [] if first_span is None else [first_span]
        for i in range(len(spans), weeks):
            day = first + timedelta(weeks=i)
            spans.append(rules.WeekSpan(day, *week_bounds(day, tz)))
        # Blocks still ahead of now (with no outcome yet) are left out of the figures:
        # plan vs done and focus hours count what has happened (review_rules).
        since, _ = week_bounds(first - rules.CADENCE_LOOKBACK, tz)
        tallies, reports = repo.week_tallies(
            spans, self.clock.now() if now is None else now, since, block_sums
        )
        target = rules.focus_target_hours(working_hours, focus_target_percent)
        return [
            rules.week_figures(span.first_day, tally, people, focus_target=target, tz=tz)
            for span, tally, people in zip(spans, tallies, reports, strict=True)
        ]

    def people_check(self, horizon_end: date) -> PeopleCheck:
        """One-on-ones overdue or due by ``horizon_end``, delegation check-ins due by then,
        and every open action item (mine and theirs)."""
        from .notes.cadence import CadenceService  # the people list's cadence, not a copy

        overview = CadenceService(self.hub).people_overview()
        with self.hub.read() as s:
            repo = ReviewRepository(s)
            people = repo.people_by_id()
            due_delegations = repo.check_ins_due(horizon_end)
            tasks = repo.tasks_by_id([d.task_id for d in due_delegations])
            actions = repo.open_action_items()
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
        with self.hub.write(ChangeKind.REVIEWS) as s:
            repo = ReviewRepository(s)
            review = repo.for_week(week_start) or repo.add(WeekReview(week_start=week_start))
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
        with self.hub.write(ChangeKind.REVIEWS) as s:
            repo = ReviewRepository(s)
            review = repo.for_week(week_start) or repo.add(WeekReview(week_start=week_start))
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
        with self.hub.write(ChangeKind.REVIEWS) as s:
            repo = ReviewRepository(s)
            review = repo.for_week(week_start) or repo.add(WeekReview(week_start=week_start))
            review.planned_count = look.figures.planned
            review.done_count = round(look.figures.done)
            review.figures = {k: v for k, v in figures.items() if v is not None}
            review.step = REVIEW_STEPS - 1
            review.finished_at = self.clock.now()
        return review


def figure_rows(figures: Sequence[rules.WeekFigures]) -> list[dict[str, Any]]:
    """Plain dicts of figures (for JSON exports and charts)."""
    return [asdict(f) for f in figures]
