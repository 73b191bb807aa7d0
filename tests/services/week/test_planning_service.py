"""Planning that thinks, over the real demo vault: "Plan next week" books the tasks and
every due one-on-one in one step, with no overlap, nothing in lunch, the stand-up or
outside working hours; the people list then says "booked", not "overdue"."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from leaddesk.domain.cadence import describe_due
from leaddesk.domain.errors import ValidationError
from leaddesk.domain.model import BlockKind, Quadrant, TimeBlock
from leaddesk.domain.planner import PlanRules
from leaddesk.domain.week import is_all_day, week_start
from leaddesk.services.demo import seed_demo

BERLIN = ZoneInfo("Europe/Berlin")


def _next_monday(clock) -> date:
    return week_start(clock.today()) + timedelta(days=7)


def _week_blocks(services, monday: date) -> list[TimeBlock]:
    return [b for b in services.blocks.week(monday) if not is_all_day(b.start, b.end, BERLIN)]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def test_demo_plan_next_week_books_tasks_and_every_due_one_on_one(services, clock) -> None:
    seed_demo(services)
    monday = _next_monday(clock)
    due_before = {m.person_id: m for m in services.planning.one_on_ones_due(monday)}
    assert due_before, "the demo has one-on-ones due next week"

    proposal = services.planning.propose(monday, PlanRules())
    change = services.planning.accept(proposal.placements)  # the confirmation

    created = [services.blocks.get(i) for i in change.created_ids]
    assert len(created) == len(proposal.placements)
    booked_tasks = {b.task_id for b in created if b.task_id is not None}
    assert len(booked_tasks) >= 10
    one_on_ones = [b for b in created if b.kind is BlockKind.ONE_ON_ONE and b.task_id is None]
    people = {p.id: p for p in services.people.list()}
    assert {b.person_id for b in one_on_ones} == set(due_before)
    for b in one_on_ones:
        person = people[b.person_id]
        assert b.title == f"1:1 with {person.name}"
        assert b.minutes == person.one_on_one_minutes

    week = _week_blocks(services, monday)
    standups = [b for b in week if b.title == "Team stand-up"]
    assert len(standups) == 5  # the repeating stand-up reaches next week
    for i, b in enumerate(week):  # 0 overlaps in the whole week
        for other in week[i + 1 :]:
            assert not (b.start < other.end and other.start < b.end), (b.title, other.title)
    for b in created:
        day = b.start.astimezone(BERLIN).date()
        assert day.weekday() < 5
        assert _at(day, 8) <= b.start and b.end <= _at(day, 18)  # working hours
        assert not (b.start < _at(day, 13) and _at(day, 12) < b.end)  # lunch
        assert not (b.start < _at(day, 9, 15) and _at(day, 9) < b.end)  # the stand-up

    after = {r.person.id: r for r in services.notes.people_overview()}
    for pid in due_before:
        cadence = after[pid].cadence
        assert not cadence.is_overdue and cadence.booked_at is not None
        assert describe_due(cadence).startswith("booked ")
    assert services.planning.one_on_ones_due(monday) == []
    assert services.planning.propose(monday).task_ids == []  # all booked: nothing again


def test_accept_is_one_undo_step(services, clock) -> None:
    seed_demo(services)
    monday = _next_monday(clock)
    before = {b.id for b in services.blocks.week(monday)}
    proposal = services.planning.propose(monday)
    with services.hub.operation() as change_op:
        change = services.planning.accept(proposal.placements)
    assert set(change.created_ids) and not change.is_empty
    services.hub.undo(change_op.rows)
    assert {b.id for b in services.blocks.week(monday)} == before
    services.hub.redo(change_op.rows)
    assert len({b.id for b in services.blocks.week(monday)}) == len(before) + len(
        change.created_ids
    )


def test_accept_writes_nothing_when_the_week_changed_meanwhile(services, clock) -> None:
    seed_demo(services)
    monday = _next_monday(clock)
    proposal = services.planning.propose(monday)
    first = proposal.placements[0]
    services.blocks.create("Surprise meeting", BlockKind.MEETING, first.start, first.end)
    count = len(services.blocks.week(monday))
    with pytest.raises(ValidationError, match="changed since the proposal"):
        services.planning.accept(proposal.placements)
    assert len(services.blocks.week(monday)) == count


def test_accept_refuses_overlapping_placements(services, clock) -> None:
    seed_demo(services)
    proposal = services.planning.propose(_next_monday(clock))
    p = proposal.placements[0]
    with pytest.raises(ValidationError, match="overlap"):
        services.planning.accept([p, p])
    with services.hub.read() as s:
        assert not list(s.scalars(select(TimeBlock).where(TimeBlock.start == p.start)))


def test_plan_one_on_ones_only(services, clock) -> None:
    seed_demo(services)
    monday = _next_monday(clock)
    proposal = services.planning.propose(monday, include_tasks=False)
    assert proposal.placements and all(
        p.kind is BlockKind.ONE_ON_ONE for p in proposal.placements if not p.protected
    )
    assert all(p.task_id is None for p in proposal.placements)


def test_a_selection_plans_only_those_tasks(services, clock) -> None:
    seed_demo(services)
    chosen = [t.id for t in services.tasks.open_tasks(Quadrant.SCHEDULE)][:2]
    proposal = services.planning.propose(
        _next_monday(clock),
        PlanRules(focus_target_percent=0),
        task_ids=chosen,
        include_one_on_ones=False,
    )
    assert sorted(proposal.task_ids) == sorted(chosen)


def test_an_overdue_person_becomes_booked(services, clock) -> None:
    person = services.people.add(
        "Noor Haddad", started_on=clock.today() - timedelta(days=40), one_on_one_minutes=45
    )
    services.blocks.create(
        "Stand-up", BlockKind.MEETING, _at(date(2026, 11, 23), 9), _at(date(2026, 11, 23), 9, 15)
    )
    (row,) = services.notes.people_overview()
    assert row.cadence.is_overdue and describe_due(row.cadence).startswith("overdue")
    monday = _next_monday(clock)
    proposal = services.planning.propose(monday, PlanRules(focus_target_percent=0))
    (placement,) = proposal.placements
    assert placement.title == "1:1 with Noor Haddad" and placement.person_id == person.id
    assert placement.minutes == 45 and placement.start == _at(monday, 13)  # after lunch
    services.planning.accept(proposal.placements)
    (row,) = services.notes.people_overview()
    assert not row.cadence.is_overdue
    assert describe_due(row.cadence) == "booked Mon 13:00"
    assert services.notes.brief(person.id).cadence.booked_at == _at(monday, 13)
