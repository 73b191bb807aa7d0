"""Turns the demo data (team, board, week, conversations) into rows, in one open session.

Everything is placed relative to "today": the data gives days from today (``InDays``) and
weekdays of this week; this module resolves them and links records by key.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from ...domain.model import (
    ActionItem,
    BlockKind,
    BlockOutcome,
    CheckIn,
    Delegation,
    GrowthGoal,
    Note,
    NoteKind,
    Person,
    Quadrant,
    Task,
    TaskStatus,
    TimeBlock,
    Topic,
    WeekReview,
)
from ...domain.recurrence import Recurrence
from ...domain.week import local_datetime, week_start
from ..base import saved_id
from .board import BOARD, CHECK_INS, DELEGATIONS, FINISHED
from .conversations import ONE_ON_ONES, OTHER_NOTES
from .specs import BlockSpec, InDays, PersonSpec
from .team import GROWTH_GOALS, PEOPLE
from .week import DEPRIORITIZED, LAST_WEEK, REVIEW, THIS_WEEK


class DemoSeeder:
    """Builds the demo records; one method per kind, in dependency order."""

    def __init__(self, session: Session, today: date, now: datetime, tz: tzinfo) -> None:
        self.s = session
        self.today = today
        self.now = now
        self.tz = tz
        self.monday = week_start(today)
        self.people: dict[str, Person] = {}
        self.tasks: dict[str, Task] = {}

    # -- helpers ------------------------------------------------------------------------
    def day(self, offset: int) -> date:
        """A date relative to today."""
        return self.today + timedelta(days=offset)

    def at(self, weekday: int, hour: int, minute: int = 0, week: int = 0) -> datetime:
        """Local time on a weekday (0 = Monday) of this week (or ``week`` weeks away)."""
        return local_datetime(
            self.monday + timedelta(days=weekday + 7 * week), time(hour, minute), self.tz
        )

    def ago(self, days: int, hour: int = 9) -> datetime:
        return local_datetime(self.day(-days), time(hour, 0), self.tz)

    def dated(self, fields: dict[str, Any]) -> dict[str, Any]:
        """``fields`` with every ``InDays`` turned into the date it stands for."""
        return {
            key: self.day(value.days) if isinstance(value, InDays) else value
            for key, value in fields.items()
        }

    def run(self) -> None:
        self.add_people()
        self.add_tasks()
        self.add_delegations()
        self.add_blocks()
        self.add_notes()
        self.add_growth_goals()
        self.add_review()

    # -- people -------------------------------------------------------------------------
    def add_people(self) -> None:
        for spec in PEOPLE:
            self._person(spec)
        self.s.flush()

    def _person(self, spec: PersonSpec) -> None:
        person = Person(
            name=spec.name,
            role=spec.role,
            relationship=spec.relationship,
            started_on=self.day(-spec.started_days_ago),
            one_on_one_every_days=spec.every_days,
            one_on_one_minutes=spec.minutes,
            feedback_preference=spec.preference,
            created_at=self.ago(90),
        )
        self.people[spec.key] = person
        self.s.add(person)

    # -- tasks --------------------------------------------------------------------------
    def add_tasks(self) -> None:
        """The board, finished work for plan-vs-done and the review, and one let go."""
        positions: dict[Quadrant, float] = {}
        for index, (key, quadrant, title, fields) in enumerate(BOARD):
            positions[quadrant] = positions.get(quadrant, 0.0) + 1.0
            self._task(key, quadrant, title, positions[quadrant], index % 9, **self.dated(fields))
        for key, quadrant, title, estimate, days_ago in FINISHED:
            task = self._task(key, quadrant, title, 100.0 + days_ago, 14, estimate_minutes=estimate)
            task.status = TaskStatus.DONE
            task.completed_at = self.ago(days_ago, 16)
        task = self._task(
            "letgo-poll", Quadrant.DELETE, "Run a poll about the team channel emoji", 200.0, 20
        )
        task.status = TaskStatus.LET_GO
        task.let_go_at = self.ago(5, 17)
        self.s.flush()

    def _task(
        self,
        key: str,
        quadrant: Quadrant,
        title: str,
        position: float,
        created_days_ago: int,
        *,
        person: str | None = None,
        **fields: Any,
    ) -> Task:
        task = Task(
            title=title,
            quadrant=quadrant,
            position=position,
            person_id=self.people[person].id if person else None,
            created_at=min(self.ago(created_days_ago, 8), self.now),
            **fields,
        )
        self.tasks[key] = task
        self.s.add(task)
        return task

    # -- delegations --------------------------------------------------------------------
    def add_delegations(self) -> None:
        t, p = self.tasks, self.people
        delegations = {
            key: Delegation(
                task_id=saved_id(t[task].id),
                person_id=saved_id(p[person].id),
                **self.dated(fields),
            )
            for key, task, person, fields in DELEGATIONS
        }
        self.s.add_all(delegations.values())
        t["release-notes"].status = TaskStatus.DONE
        t["release-notes"].completed_at = self.ago(1, 15)
        t["status-report"].status = TaskStatus.LET_GO
        t["status-report"].let_go_at = self.ago(11, 12)
        self.s.flush()
        self.s.add_all(
            [
                CheckIn(
                    saved_id(delegations[spec.delegation].id),
                    self.day(spec.on.days),
                    spec.note,
                    spec.status_after,
                )
                for spec in CHECK_INS
            ]
        )

    # -- time blocks ----------------------------------------------------------------------
    def add_blocks(self) -> None:
        """This week's plan (Monday to Friday) and last week's blocks with outcomes."""
        this_week = [self._block(spec) for spec in THIS_WEEK]
        last_week = [(self._block(spec), outcome, reason) for spec, outcome, reason in LAST_WEEK]
        for index, block in enumerate(this_week):
            if block.end <= self.now:
                block.outcome, block.outcome_reason = self._outcome_this_week(index, block.kind)
        for block, outcome, reason in last_week:
            block.outcome, block.outcome_reason = outcome, reason
        self.s.add_all(this_week + [block for block, _, _ in last_week])
        self._add_standups()

    def _block(self, spec: BlockSpec) -> TimeBlock:
        hour, minute = (int(part) for part in spec.at.split(":"))
        start = self.at(spec.weekday, hour, minute, spec.week)
        return TimeBlock(
            title=spec.title,
            kind=spec.kind,
            start=start,
            end=start + timedelta(minutes=spec.minutes),
            task_id=self.tasks[spec.task].id if spec.task else None,
            person_id=self.people[spec.person].id if spec.person else None,
            protected=spec.protected,
        )

    @staticmethod
    def _outcome_this_week(index: int, kind: BlockKind) -> tuple[BlockOutcome, str]:
        if kind is BlockKind.FOCUS and index % 2 == 1:
            return BlockOutcome.PARTLY_DONE, "Interrupted by a production question"
        if kind is BlockKind.BUFFER:
            return BlockOutcome.DONE, ""
        if kind is BlockKind.ADMIN:
            return BlockOutcome.SKIPPED, "Sprint planning overran"
        return BlockOutcome.DONE, ""

    def _add_standups(self) -> None:
        """A daily stand-up series, stored as the week area stores series: every occurrence
        is a row pointing at the first one, which also carries the rule (open-ended; seed_demo
        stores it ahead like a series made in the week view)."""
        first_start = self.at(0, 9, 0)
        rule = Recurrence.make(first_start, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", self.tz)
        blocks: list[TimeBlock] = []
        for weekday in range(5):
            start = self.at(weekday, 9, 0)
            block = TimeBlock(
                title="Team stand-up",
                kind=BlockKind.MEETING,
                start=start,
                end=start + timedelta(minutes=15),
            )
            if block.end <= self.now:
                block.outcome = BlockOutcome.DONE
            blocks.append(block)
        head = blocks[0]
        head.recurrence = rule.to_text()
        self.s.add(head)
        self.s.flush()
        for block in blocks:
            block.series_id = head.id
        self.s.add_all(blocks[1:])

    # -- notes --------------------------------------------------------------------------
    def add_notes(self) -> None:
        p = self.people
        for key, days_ago, body, actions, topics in ONE_ON_ONES:
            note = Note(
                person_id=saved_id(p[key].id),
                kind=NoteKind.ONE_ON_ONE,
                written_on=self.day(-days_ago),
                body=body,
                created_at=min(self.ago(days_ago, 15), self.now),
                updated_at=min(self.ago(days_ago, 15), self.now),
            )
            self.s.add(note)
            self.s.flush()
            for owner, text, done_ago in actions:
                self.s.add(
                    ActionItem(
                        person_id=note.person_id,
                        owner=owner,
                        text=text,
                        note_id=note.id,
                        created_on=note.written_on,
                        done_on=self.day(-done_ago) if done_ago is not None else None,
                    )
                )
            for text, resolved in topics:
                self.s.add(
                    Topic(
                        person_id=note.person_id,
                        text=text,
                        note_id=note.id,
                        created_on=note.written_on,
                        resolved_on=self.day(-max(days_ago - 7, 0)) if resolved else None,
                    )
                )
        others = [
            Note(person_id=saved_id(p[key].id), **self.dated(fields)) for key, fields in OTHER_NOTES
        ]
        for note in others:
            note.created_at = note.updated_at = min(
                local_datetime(note.written_on, time(17, 0), self.tz), self.now
            )
        self.s.add_all(others)

    def add_growth_goals(self) -> None:
        p = self.people
        self.s.add_all(
            [
                GrowthGoal(person_id=saved_id(p[key].id), **self.dated(fields))
                for key, fields in GROWTH_GOALS
            ]
        )

    # -- the review of last week ----------------------------------------------------------
    def add_review(self) -> None:
        last_monday = self.monday - timedelta(days=7)
        finished = local_datetime(last_monday + timedelta(days=4), time(15, 10), self.tz)
        self.s.add(
            WeekReview(
                week_start=last_monday,
                **REVIEW,
                deprioritized={
                    str(self.tasks[key].id): reason for key, reason in DEPRIORITIZED.items()
                },
                finished_at=finished,
            )
        )
