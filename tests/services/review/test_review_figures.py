"""The review's figures against hand-computed values, through a real vault."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from leaddesk.domain.errors import ValidationError
from leaddesk.domain.model import (
    BlockKind,
    BlockOutcome,
    CheckIn,
    Delegation,
    DelegationStatus,
    FeedbackTone,
    Note,
    NoteKind,
    Person,
    Quadrant,
    Task,
    TaskStatus,
    TimeBlock,
)
from leaddesk.services.base import ChangeKind
from tests.conftest import BERLIN

WEEK = date(2026, 11, 16)  # Monday of the fixture clock's week


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def block(kind: BlockKind, day: date, start: int, end: int, outcome=BlockOutcome.PLANNED, **kw):
    return TimeBlock(
        title=kind.label, kind=kind, start=at(day, start), end=at(day, end), outcome=outcome, **kw
    )


def add(services, *objects) -> None:
    with services.hub.write(ChangeKind.BLOCKS, ChangeKind.TASKS) as s:
        s.add_all(objects)


def test_empty_week_has_no_division_by_zero(services) -> None:
    look = services.reviews.look_back(WEEK)
    assert look.figures.plan_done_percent is None
    assert look.figures.planned == 0
    assert look.figures.do_share_percent is None
    assert look.blocks == look.derailed == look.completed == []
    review = services.reviews.finish(WEEK)
    assert review.planned_count == 0 and review.finished_at is not None


def test_plan_vs_done_counts_partly_done_as_half_and_ignores_breaks(services, clock) -> None:
    now = clock.now()
    task = Task(title="Ship the migration", quadrant=Quadrant.SCHEDULE, created_at=now)
    add(services, task)
    add(
        services,
        block(BlockKind.FOCUS, WEEK, 9, 12, BlockOutcome.DONE),  # 1
        block(BlockKind.FOCUS, WEEK + timedelta(days=2), 9, 12, BlockOutcome.PARTLY_DONE),  # .5
        block(
            BlockKind.ADMIN, WEEK + timedelta(days=1), 14, 15, BlockOutcome.SKIPPED, task_id=task.id
        ),
        block(
            BlockKind.REVIEW,
            WEEK + timedelta(days=3),
            10,
            11,
            BlockOutcome.DERAILED,
            outcome_reason="incident",
        ),
        block(BlockKind.BREAK, WEEK, 12, 13, BlockOutcome.DONE),  # not planned work
        block(BlockKind.MEETING, WEEK, 15, 16, BlockOutcome.DONE, read_only=True),  # imported
        block(BlockKind.FOCUS, WEEK + timedelta(days=7), 9, 12, BlockOutcome.DONE),  # next week
    )
    look = services.reviews.look_back(WEEK, working_hours_per_week=40, focus_target_percent=20)
    f = look.figures
    assert (f.planned, f.done, f.plan_done_percent) == (4, 1.5, 37.5)
    assert f.focus_hours == 6.0  # two 3-hour focus blocks, none skipped
    assert f.focus_target_hours == 8.0
    assert [b.outcome_reason for b in look.derailed] == ["incident"]
    assert [t.id for t in look.deprioritized] == [task.id]


def test_do_share_and_feedback_and_cadence(services, clock) -> None:
    now = clock.now()
    add(
        services,
        Task(title="a", quadrant=Quadrant.DO, status=TaskStatus.DONE, completed_at=now),
        Task(title="b", quadrant=Quadrant.DO, status=TaskStatus.DONE, completed_at=now),
        Task(title="c", quadrant=Quadrant.SCHEDULE, status=TaskStatus.DONE, completed_at=now),
        Task(
            title="d",
            quadrant=Quadrant.DO,
            status=TaskStatus.DONE,
            completed_at=now - timedelta(days=10),
        ),
    )
    kept = Person(name="Kept Cadence", one_on_one_every_days=14, started_on=date(2025, 1, 1))
    late = Person(name="Late Cadence", one_on_one_every_days=14, started_on=date(2025, 1, 1))
    with services.hub.write(ChangeKind.PEOPLE) as s:
        s.add_all([kept, late])
    with services.hub.write(ChangeKind.NOTES) as s:
        s.add_all(
            [
                Note(person_id=kept.id, kind=NoteKind.ONE_ON_ONE, written_on=date(2026, 11, 12)),
                Note(person_id=late.id, kind=NoteKind.ONE_ON_ONE, written_on=date(2026, 10, 1)),
                Note(
                    person_id=kept.id,
                    kind=NoteKind.FEEDBACK_GIVEN,
                    written_on=WEEK,
                    tone=FeedbackTone.POSITIVE,
                ),
                Note(
                    person_id=late.id,
                    kind=NoteKind.FEEDBACK_GIVEN,
                    written_on=WEEK,
                    tone=FeedbackTone.CONSTRUCTIVE,
                ),
                Note(
                    person_id=late.id,
                    kind=NoteKind.FEEDBACK_GIVEN,
                    written_on=WEEK - timedelta(days=1),
                    tone=FeedbackTone.POSITIVE,
                ),
            ]
        )
    f = services.reviews.look_back(WEEK).figures
    assert (f.do_completed, f.schedule_completed) == (2, 1)
    assert f.do_share_percent == pytest.approx(66.7)
    assert (f.feedback_positive, f.feedback_constructive) == (1, 1)
    assert f.one_on_ones_on_cadence_percent == 50.0


def test_check_ins_on_time(services, clock) -> None:
    person = Person(name="Dee Legate")
    with services.hub.write(ChangeKind.PEOPLE) as s:
        s.add(person)
    tasks = [Task(title=f"t{i}", quadrant=Quadrant.DELEGATE) for i in range(3)]
    add(services, *tasks)
    with services.hub.write(ChangeKind.DELEGATIONS) as s:
        fresh = Delegation(
            task_id=tasks[0].id,
            person_id=person.id,
            check_in_every_days=7,
            started_on=date(2026, 11, 1),
        )
        stale = Delegation(
            task_id=tasks[1].id,
            person_id=person.id,
            check_in_every_days=7,
            started_on=date(2026, 10, 1),
        )
        closed = Delegation(
            task_id=tasks[2].id,
            person_id=person.id,
            check_in_every_days=7,
            started_on=date(2026, 9, 1),
            status=DelegationStatus.DONE,
            closed_on=date(2026, 9, 20),
        )
        s.add_all([fresh, stale, closed])
        s.flush()
        s.add(CheckIn(delegation_id=fresh.id, on=date(2026, 11, 17)))
        s.add(CheckIn(delegation_id=stale.id, on=date(2026, 10, 20)))
    f = services.reviews.look_back(WEEK).figures
    assert f.check_ins_on_time_percent == 50.0  # fresh on time, stale not, closed not counted


def test_dst_week_counts_real_hours(services) -> None:
    # Berlin leaves summer time on Sunday 25 October 2026: 01:00-04:00 lasts four hours.
    week = date(2026, 10, 19)
    sunday = date(2026, 10, 25)
    add(services, block(BlockKind.FOCUS, sunday, 1, 4, BlockOutcome.DONE))
    f = services.reviews.look_back(week).figures
    assert f.focus_hours == 4.0
    assert f.planned == 1 and f.plan_done_percent == 100.0
    # ...and the block belongs to that week, not the next.
    assert services.reviews.look_back(week + timedelta(days=7)).figures.planned == 0


def test_review_progress_is_saved_resumed_and_frozen(services, clock) -> None:
    services.reviews.start(WEEK)
    services.reviews.save(
        WEEK, step=2, lessons="Protect Tuesday mornings", deprioritized={7: "waiting on infra"}
    )
    resumed = services.reviews.unfinished()
    assert resumed is not None and resumed.step == 2
    assert resumed.lessons == "Protect Tuesday mornings"
    assert resumed.deprioritized == {"7": "waiting on infra"}
    add(services, block(BlockKind.FOCUS, WEEK, 9, 11, BlockOutcome.DONE))
    done = services.reviews.finish(WEEK)
    assert done.figures["plan_done_percent"] == 100.0
    assert services.reviews.unfinished() is None
    assert [r.week_start for r in services.reviews.finished_reviews()] == [WEEK]
    with pytest.raises(ValidationError):
        services.reviews.save(WEEK, step=9)


def test_insights_cover_each_week_oldest_first(services) -> None:
    add(
        services,
        block(BlockKind.FOCUS, WEEK, 9, 11, BlockOutcome.DONE),
        block(BlockKind.FOCUS, WEEK - timedelta(weeks=1), 9, 11, BlockOutcome.SKIPPED),
    )
    weeks = services.reviews.insights(WEEK, 4)
    assert [w.week_start for w in weeks] == [WEEK - timedelta(weeks=3 - i) for i in range(4)]
    assert [w.plan_done_percent for w in weeks] == [None, None, 0.0, 100.0]
    with pytest.raises(ValidationError):
        services.reviews.insights(WEEK, 0)
