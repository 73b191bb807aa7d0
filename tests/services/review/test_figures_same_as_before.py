"""The review's figures, added up in SQL (issue 18), are exactly those the ORM rows and the
Python rules gave before (``old_figures.py``), on a vault seeded at random with the awkward
cases: DST weeks, blocks still ahead of now, odd durations (seconds, microseconds), imported
and break blocks, archived people, peers, reports who started lately, delegations closing
mid-week, check-ins after the close, feedback without a tone, one-on-ones over a year back."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

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
    Relationship,
    Task,
    TaskStatus,
    TimeBlock,
)
from leaddesk.services.base import ChangeKind
from tests.conftest import BERLIN

from .old_figures import old_figures, old_look_back

THIS_WEEK = date(2026, 11, 16)  # the fixture clock's week (now: Wed 18 Nov 10:00)
FIRST = THIS_WEEK - timedelta(weeks=70)  # history from September 2025


def _at(day: date, minutes: int, rng: random.Random) -> datetime:
    moment = datetime(day.year, day.month, day.day, tzinfo=BERLIN) + timedelta(minutes=minutes)
    if rng.random() < 0.1:  # an imported event off the minute grid
        moment += timedelta(seconds=rng.randrange(60), microseconds=rng.randrange(1_000_000))
    return moment


def seed(services, clock, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    now = clock.now()
    with services.hub.write(ChangeKind.PEOPLE) as s:
        people = []
        for i in range(9):
            people.append(
                Person(
                    name=f"Person {i}",
                    relationship=rng.choice(
                        [Relationship.REPORT] * 3 + [Relationship.PEER, Relationship.MANAGER]
                    ),
                    one_on_one_every_days=rng.choice([7, 14, 21, 30]),
                    started_on=rng.choice(
                        [None, FIRST - timedelta(days=400), THIS_WEEK - timedelta(days=20)]
                    ),
                    archived=rng.random() < 0.15,
                )
            )
        s.add_all(people)
    ids = [p.id for p in people]
    days = (THIS_WEEK + timedelta(days=13) - FIRST).days + 400
    with services.hub.write(ChangeKind.TASKS) as s:
        tasks = []
        for i in range(160):
            status = rng.choice(
                [TaskStatus.OPEN, TaskStatus.DONE, TaskStatus.DONE, TaskStatus.LET_GO]
            )
            day = FIRST - timedelta(days=10) + timedelta(days=rng.randrange(days - 390))
            tasks.append(
                Task(
                    title=f"Task {i}",
                    quadrant=rng.choice(list(Quadrant)),
                    status=status,
                    created_at=now,
                    completed_at=None
                    if status is TaskStatus.OPEN and rng.random() < 0.8
                    else _at(day, rng.randrange(1440), rng),
                )
            )
        s.add_all(tasks)
    with services.hub.write(ChangeKind.BLOCKS) as s:
        for i in range(1400):
            day = FIRST - timedelta(days=400) + timedelta(days=rng.randrange(days))
            start = _at(day, rng.randrange(6 * 60, 20 * 60, 15), rng)
            kind = rng.choice(list(BlockKind))
            s.add(
                TimeBlock(
                    title=f"Block {i}",
                    kind=kind,
                    start=start,
                    end=start
                    + timedelta(minutes=rng.choice([15, 30, 45, 60, 90, 150]))
                    + rng.choice(  # a few seconds over, or a hair under the minute
                        [timedelta()] * 8
                        + [timedelta(seconds=rng.randrange(1, 59))]
                        + [-timedelta(microseconds=rng.randrange(1, 1_000_000))]
                    ),
                    outcome=rng.choice(list(BlockOutcome)),
                    outcome_reason="why" if rng.random() < 0.3 else "",
                    read_only=rng.random() < 0.1,
                    task_id=rng.choice(tasks).id if rng.random() < 0.4 else None,
                    person_id=rng.choice(ids)
                    if kind is BlockKind.ONE_ON_ONE or rng.random() < 0.1
                    else None,
                )
            )
    with services.hub.write(ChangeKind.NOTES) as s:
        for _ in range(700):
            kind = rng.choice([NoteKind.ONE_ON_ONE, NoteKind.FEEDBACK_GIVEN, NoteKind.WIN])
            s.add(
                Note(
                    person_id=rng.choice(ids),
                    kind=kind,
                    written_on=FIRST - timedelta(days=400) + timedelta(days=rng.randrange(days)),
                    tone=rng.choice([None, FeedbackTone.POSITIVE, FeedbackTone.CONSTRUCTIVE])
                    if kind is NoteKind.FEEDBACK_GIVEN
                    else None,
                )
            )
    with services.hub.write(ChangeKind.DELEGATIONS) as s:
        delegations = []
        for _ in range(70):
            started = FIRST - timedelta(days=60) + timedelta(days=rng.randrange(days - 380))
            closed = started + timedelta(days=rng.randrange(0, 120)) if rng.random() < 0.6 else None
            delegations.append(
                Delegation(
                    task_id=rng.choice(tasks).id,
                    person_id=rng.choice(ids),
                    check_in_every_days=rng.choice([3, 7, 14]),
                    started_on=started if rng.random() < 0.95 else None,
                    closed_on=closed,
                    status=DelegationStatus.DONE if closed else DelegationStatus.ACTIVE,
                )
            )
        s.add_all(delegations)
    with services.hub.write(ChangeKind.DELEGATIONS) as s:
        for d in delegations:
            base = d.started_on or FIRST
            for _ in range(rng.randrange(0, 8)):
                s.add(
                    CheckIn(
                        delegation_id=d.id,
                        on=base + timedelta(days=rng.randrange(-3, 150)),
                        status_after=DelegationStatus.ACTIVE,
                    )
                )


@pytest.mark.parametrize("seed_value", [1, 2])
def test_insights_and_look_back_give_the_figures_of_before(services, clock, seed_value) -> None:
    rng = random.Random(seed_value)
    seed(services, clock, rng)
    tz, now = clock.tz, clock.now()
    for last, weeks in [(THIS_WEEK, 26), (THIS_WEEK - timedelta(weeks=1), 52), (THIS_WEEK, 4)]:
        first = last - timedelta(weeks=weeks - 1)
        with services.hub.read() as s:
            before = old_figures(s, first, weeks, tz, now, 45.0, 15.0)
        after = services.reviews.insights(
            last, weeks, working_hours_per_week=45.0, focus_target_percent=15.0
        )
        assert after == before
        for a, b in zip(after, before, strict=True):  # the same types too (0 stays 0, not 0.0)
            assert [type(v) for v in vars(a).values()] == [type(v) for v in vars(b).values()]
    # Every week of the history: the look-back's figures and lists.
    week = FIRST
    measured = 0
    while week <= THIS_WEEK + timedelta(weeks=1):
        look = services.reviews.look_back(week, working_hours_per_week=40, focus_target_percent=20)
        with services.hub.read() as s:
            (figures,) = old_figures(s, week, 1, tz, now, 40.0, 20.0)
            rows = old_look_back(s, week, tz)
        assert look.figures == figures, week
        assert [type(v) for v in vars(look.figures).values()] == [
            type(v) for v in vars(figures).values()
        ]
        assert [
            (
                b.id,
                b.start.astimezone(rows["blocks"][0][1].tzinfo) if rows["blocks"] else b.start,
                b.title,
                b.outcome,
                b.outcome_reason,
            )
            for b in look.blocks
        ] == rows["blocks"], week
        assert [b.id for b in look.derailed] == rows["derailed"]
        assert sorted(t.id for t in look.completed) == rows["completed"]
        assert [t.id for t in look.deprioritized] == rows["deprioritized"]
        measured += bool(look.blocks) + bool(look.figures.check_ins_on_time_percent)
        week += timedelta(weeks=1)
    assert measured > 60  # the seed really filled the weeks compared
