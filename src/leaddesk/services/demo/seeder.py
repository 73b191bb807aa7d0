"""Turns the demo data (team, board, week, conversations) into records, through the services.

Everything is placed relative to "today": the data gives days from today (``InDays``) and
weekdays of this week; this module resolves them and links records by key. Every record goes
in through the same service method a user's action would call, so the demo passes the same
validation and rules (the task's end-of-quadrant position, a delegation moving its task to
Delegate, a check-in moving the next one, the review's figures computed from the week). The
past is written as it happened: the services' clock is set to the moment each thing was done
(never later than "now"), then put back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from ...domain.clock import FixedClock
from ...domain.model import (
    BlockKind,
    BlockOutcome,
    DelegationStatus,
    NoteKind,
    Quadrant,
)
from ...domain.week import local_datetime, week_start
from ..base import saved_id
from .board import BOARD, CHECK_INS, DELEGATIONS, FINISHED
from .conversations import ONE_ON_ONES, OTHER_NOTES
from .specs import BlockSpec, InDays, PersonSpec
from .team import GROWTH_GOALS, PEOPLE
from .week import DEPRIORITIZED, LAST_WEEK, REVIEW, THIS_WEEK

if TYPE_CHECKING:
    from ..container import Services

# The stand-up series: every weekday at 09:00, open-ended, like one made in the week view.
STANDUP_RULE = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
# What a delegation's debrief fields are called on the service's close().
_DEBRIEF = {
    "debrief_worked": "worked",
    "debrief_hard": "hard",
    "debrief_differently": "differently",
    "debrief_support": "support",
}
# Delegation fields the service decides itself (from check-ins and close), not given on create.
_DERIVED = {"status", "last_news_on", "closed_on", *_DEBRIEF}


class DemoSeeder:
    """Builds the demo records; one method per kind, in dependency order."""

    def __init__(self, services: Services, today: date, now: datetime, tz: tzinfo) -> None:
        self.services = services
        self.today = today
        self.now = now
        self.tz = tz
        self.monday = week_start(today)
        self.people: dict[str, int] = {}
        self.tasks: dict[str, int] = {}

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

    def on_day(self, day: date, hour: int) -> datetime:
        return local_datetime(day, time(hour, 0), self.tz)

    def dated(self, fields: dict[str, Any]) -> dict[str, Any]:
        """``fields`` with every ``InDays`` turned into the date it stands for."""
        return {
            key: self.day(value.days) if isinstance(value, InDays) else value
            for key, value in fields.items()
        }

    @contextlib.contextmanager
    def happening_at(self, moment: datetime) -> Iterator[None]:
        """The services' clock stands at ``moment`` (at most "now") while the body runs."""
        hub = self.services.hub
        real = hub.clock
        hub.clock = FixedClock(min(moment, self.now))
        try:
            yield
        finally:
            hub.clock = real

    def run(self) -> None:
        with self.happening_at(self.now):  # what is done "now" is done at the demo's now
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

    def _person(self, spec: PersonSpec) -> None:
        with self.happening_at(self.ago(90)):
            person = self.services.people.add(
                spec.name,
                role=spec.role,
                relationship=spec.relationship,
                started_on=self.day(-spec.started_days_ago),
                one_on_one_every_days=spec.every_days,
                one_on_one_minutes=spec.minutes,
                feedback_preference=spec.preference,
            )
        self.people[spec.key] = saved_id(person.id)

    # -- tasks --------------------------------------------------------------------------
    def add_tasks(self) -> None:
        """The board, finished work for plan-vs-done and the review, and one let go."""
        tasks = self.services.tasks
        for index, (key, quadrant, title, fields) in enumerate(BOARD):
            self._task(key, quadrant, title, index % 9, **self.dated(fields))
        for key, quadrant, title, estimate, days_ago in FINISHED:
            self._task(key, quadrant, title, 14, estimate_minutes=estimate)
            with self.happening_at(self.ago(days_ago, 16)):
                tasks.complete([self.tasks[key]])
        self._task("letgo-poll", Quadrant.DELETE, "Run a poll about the team channel emoji", 20)
        with self.happening_at(self.ago(5, 17)):
            tasks.let_go([self.tasks["letgo-poll"]])

    def _task(
        self,
        key: str,
        quadrant: Quadrant,
        title: str,
        created_days_ago: int,
        *,
        person: str | None = None,
        notes: str = "",
        only_i_can: bool = False,
        **fields: Any,
    ) -> None:
        """Captured into ``quadrant`` (at its end, as the board does), then the details."""
        with self.happening_at(self.ago(created_days_ago, 8)):
            task = self.services.tasks.capture(
                title,
                quadrant=quadrant,
                person_id=self.people[person] if person else None,
                **fields,
            )
            task_id = saved_id(task.id)
            details: dict[str, Any] = {"notes": notes} if notes else {}
            if only_i_can:
                details["only_i_can"] = True
            if details:
                self.services.tasks.update(task_id, **details)
        self.tasks[key] = task_id

    # -- delegations --------------------------------------------------------------------
    def add_delegations(self) -> None:
        """Each hand-over on its start day, its check-ins on theirs, and the closed ones
        closed with their debrief (a closing check-in is logged, then the delegation closed,
        as the tracker's Close does)."""
        delegations = self.services.delegations
        ids: dict[str, int] = {}
        closing: dict[str, dict[str, Any]] = {}
        for key, task, person, raw in DELEGATIONS:
            fields = self.dated(raw)
            given = {k: v for k, v in fields.items() if k not in _DERIVED}
            with self.happening_at(self.on_day(fields["started_on"], 9)):
                made = delegations.create(self.tasks[task], self.people[person], **given)
            ids[key] = saved_id(made.id)
            if not DelegationStatus(fields.get("status", DelegationStatus.ACTIVE)).is_open:
                closing[key] = fields
        for spec in sorted(CHECK_INS, key=lambda c: c.on.days):
            on = self.day(spec.on.days)
            status_after = spec.status_after if spec.status_after.is_open else None
            with self.happening_at(self.on_day(on, 17)):
                delegations.check_in(
                    ids[spec.delegation],
                    on=on,
                    note=spec.note,
                    status_after=status_after or DelegationStatus.ACTIVE,
                )
        for key, fields in closing.items():
            closed_on: date = fields["closed_on"]
            debrief = {_DEBRIEF[k]: v for k, v in fields.items() if k in _DEBRIEF}
            with self.happening_at(self.on_day(closed_on, 15)):
                delegations.close(
                    ids[key], DelegationStatus(fields["status"]), closed_on=closed_on, **debrief
                )
        # A cancelled hand-over leaves its task open; this one was let go the same day.
        with self.happening_at(self.ago(11, 12)):
            self.services.tasks.let_go([self.tasks["status-report"]])

    # -- time blocks ----------------------------------------------------------------------
    def add_blocks(self) -> None:
        """This week's plan (Monday to Friday, planned the Friday before) and last week's
        blocks, with the outcomes of those that have ended."""
        blocks = self.services.blocks
        outcomes: list[tuple[int, BlockOutcome, str]] = []
        with self.happening_at(self.at(4, 14, week=-2)):
            for spec, outcome, reason in LAST_WEEK:
                outcomes.append((self._block(spec), outcome, reason))
        with self.happening_at(self.at(4, 14, week=-1)):
            for index, spec in enumerate(THIS_WEEK):
                block_id = self._block(spec)
                if self.at(spec.weekday, *_hour_minute(spec.at)) + _length(spec) <= self.now:
                    outcomes.append((block_id, *self._outcome_this_week(index, spec.kind)))
        self._add_standups(outcomes)
        for block_id, outcome, reason in outcomes:
            blocks.set_outcome([block_id], outcome, reason)

    def _block(self, spec: BlockSpec) -> int:
        start = self.at(spec.weekday, *_hour_minute(spec.at), week=spec.week)
        change = self.services.blocks.create(
            spec.title,
            spec.kind,
            start,
            start + _length(spec),
            task_id=self.tasks[spec.task] if spec.task else None,
            person_id=self.people[spec.person] if spec.person else None,
            protected=spec.protected,
        )
        return change.created_ids[0]

    @staticmethod
    def _outcome_this_week(index: int, kind: BlockKind) -> tuple[BlockOutcome, str]:
        if kind is BlockKind.FOCUS and index % 2 == 1:
            return BlockOutcome.PARTLY_DONE, "Interrupted by a production question"
        if kind is BlockKind.BUFFER:
            return BlockOutcome.DONE, ""
        if kind is BlockKind.ADMIN:
            return BlockOutcome.SKIPPED, "Sprint planning overran"
        return BlockOutcome.DONE, ""

    def _add_standups(self, outcomes: list[tuple[int, BlockOutcome, str]]) -> None:
        """A daily stand-up series made on Monday morning, open-ended (stored ahead as the
        week view stores a series); this week's stand-ups that have ended went as planned."""
        blocks = self.services.blocks
        first = self.at(0, 9, 0)
        with self.happening_at(first - timedelta(minutes=30)):
            change = blocks.create(
                "Team stand-up",
                BlockKind.MEETING,
                first,
                first + timedelta(minutes=15),
                recurrence=STANDUP_RULE,
            )
        from ..series_storage import MATERIALIZE_AHEAD

        blocks.extend_series(self.now + MATERIALIZE_AHEAD)
        head = change.created_ids[0]
        week_end = self.at(0, 0, week=1)
        outcomes.extend(
            (saved_id(block.id), BlockOutcome.DONE, "")
            for block in blocks.series(head)
            if block.end <= self.now and block.start < week_end
        )

    # -- notes --------------------------------------------------------------------------
    def add_notes(self) -> None:
        notes = self.services.notes
        for key, days_ago, body, actions, topics in ONE_ON_ONES:
            person_id = self.people[key]
            written_on = self.day(-days_ago)
            with self.happening_at(self.ago(days_ago, 15)):
                note_id = saved_id(
                    notes.add_note(person_id, NoteKind.ONE_ON_ONE, body, written_on=written_on).id
                )
                items = [
                    (notes.add_action_item(person_id, owner, text, note_id=note_id), done_ago)
                    for owner, text, done_ago in actions
                ]
                opened = [
                    (notes.add_topic(person_id, text, note_id=note_id), resolved)
                    for text, resolved in topics
                ]
            for item, done_ago in items:
                if done_ago is not None:
                    with self.happening_at(self.ago(done_ago, 11)):
                        notes.set_action_done(saved_id(item.id), True)
            for topic, resolved in opened:
                if resolved:
                    with self.happening_at(self.ago(max(days_ago - 7, 0), 11)):
                        notes.set_topic_resolved(saved_id(topic.id), True)
        for key, raw in OTHER_NOTES:
            fields = self.dated(raw)
            kind = fields.pop("kind")
            body = fields.pop("body", "")
            with self.happening_at(self.on_day(fields["written_on"], 17)):
                notes.add_note(self.people[key], kind, body, **fields)

    def add_growth_goals(self) -> None:
        with self.happening_at(self.ago(60)):
            for key, fields in GROWTH_GOALS:
                values = self.dated(fields)
                self.services.notes.add_goal(self.people[key], values.pop("goal"), **values)

    # -- the review of last week ----------------------------------------------------------
    def add_review(self) -> None:
        """Last week's review, written and finished on its Friday at 15:10: its figures are
        the week's own, computed by the review service from the blocks and tasks above."""
        reviews = self.services.reviews
        last_monday = self.monday - timedelta(days=7)
        with self.happening_at(self.at(4, 15, 10, week=-1)):
            reviews.start(last_monday)
            reviews.save(
                last_monday,
                **REVIEW,
                deprioritized={
                    str(self.tasks[key]): reason for key, reason in DEPRIORITIZED.items()
                },
            )
            reviews.finish(last_monday)


def _hour_minute(at: str) -> tuple[int, int]:
    hour, minute = (int(part) for part in at.split(":"))
    return hour, minute


def _length(spec: BlockSpec) -> timedelta:
    return timedelta(minutes=spec.minutes)
