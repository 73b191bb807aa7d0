"""The week proposal (domain.planner): property tests over random weeks, plus worked
examples. Nothing is mocked: the planner is a pure function of its input."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from leaddesk.domain.capacity import Interval
from leaddesk.domain.model import BlockKind, Quadrant
from leaddesk.domain.planner import (
    PlanOneOnOne,
    PlanRules,
    PlanTask,
    Proposal,
    block_minutes,
    plan_week,
    suggest_kind,
)
from leaddesk.domain.week import is_all_day, wall_time

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
MONDAY = date(2026, 11, 23)
DST_MONDAY = date(2026, 10, 19)  # Berlin leaves summer time on Sunday 25 October


def at(day: date, hour: int, minute: int = 0, tz=BERLIN) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def block(day: date, hour: int, minute: int, length: int, kind=BlockKind.MEETING) -> Interval:
    start = at(day, hour, minute)
    return Interval(start, start + timedelta(minutes=length), kind)


# -- strategies -------------------------------------------------------------------------------
@st.composite
def weeks(draw):
    tz = draw(st.sampled_from([BERLIN, NEW_YORK, UTC]))
    monday = draw(st.sampled_from([MONDAY, DST_MONDAY]))
    start_h = draw(st.integers(6, 10))
    end_h = draw(st.integers(start_h + 4, 20))
    lunch = draw(
        st.one_of(
            st.none(),
            st.integers(11 * 4, 13 * 4).map(lambda q: (q * 15, q * 15 + 60)),
        )
    )
    breaks = tuple(
        draw(
            st.lists(
                st.integers(start_h * 4, end_h * 4 - 1).map(lambda q: (q * 15, q * 15 + 15)),
                max_size=2,
            )
        )
    )
    rules = PlanRules(
        day_start_minutes=start_h * 60,
        day_end_minutes=end_h * 60,
        lunch=lunch,
        breaks=breaks,
        buffer_percent=draw(st.integers(0, 40)),
        focus_target_percent=draw(st.integers(0, 40)),
        default_minutes=draw(st.sampled_from([15, 30, 45])),
        max_block_minutes=draw(st.sampled_from([90, 120, 180])),
    )
    blocks = []
    for _ in range(draw(st.integers(0, 40))):
        day = monday + timedelta(days=draw(st.integers(0, 6)))
        quarter = draw(st.integers(0, 95))
        minute = draw(st.sampled_from([0, 7, 15, 30, 45]))  # imported blocks can be off-grid
        start = datetime.combine(
            day, time(quarter // 4, minute if minute != 15 else (quarter % 4) * 15), tzinfo=tz
        )
        length = draw(st.integers(5, 240))
        end = min(
            start + timedelta(minutes=length),
            datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz),
        )
        if end > start:
            blocks.append(Interval(start, end, draw(st.sampled_from(list(BlockKind)))))
    if draw(st.booleans()):  # an all-day event never blocks time
        day = monday + timedelta(days=draw(st.integers(0, 6)))
        blocks.append(
            Interval(
                datetime.combine(day, time(0), tzinfo=tz),
                datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz),
                BlockKind.MEETING,
            )
        )
    tasks = []
    for index in range(draw(st.integers(0, 30))):
        due = draw(
            st.one_of(st.none(), st.integers(-5, 10).map(lambda n: monday + timedelta(days=n)))
        )
        needed = draw(
            st.one_of(st.none(), st.integers(-5, 10).map(lambda n: monday + timedelta(days=n)))
        )
        tasks.append(
            PlanTask(
                id=index + 1,
                title=draw(
                    st.sampled_from(["Review PR", "Write doc", "Email batch", "Roadmap", "Fix"])
                ),
                quadrant=draw(st.sampled_from([Quadrant.DO, Quadrant.SCHEDULE, Quadrant.DELEGATE])),
                estimate_minutes=draw(st.one_of(st.none(), st.integers(5, 400))),
                due_on=due,
                needed_by=needed,
                position=float(draw(st.integers(0, 5))),
                not_before=draw(
                    st.one_of(
                        st.none(), st.integers(-3, 9).map(lambda n: monday + timedelta(days=n))
                    )
                ),
            )
        )
    one_on_ones = [
        PlanOneOnOne(
            100 + i,
            f"Person {i}",
            draw(st.sampled_from([30, 45, 60])),
            monday + timedelta(days=draw(st.integers(-10, 6))),
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    not_before = None
    if draw(st.booleans()):
        not_before = datetime.combine(monday, time(0), tzinfo=tz) + timedelta(
            minutes=draw(st.integers(0, 7 * 24 * 60))
        )
    return tz, monday, rules, blocks, tasks, one_on_ones, not_before


def _run(case) -> Proposal:
    tz, monday, rules, blocks, tasks, one_on_ones, not_before = case
    return plan_week(
        tasks, blocks, monday, tz, rules, not_before=not_before, one_on_ones=one_on_ones
    )


def _kept_windows(case) -> list[tuple[datetime, datetime]]:
    """Lunch and breaks of every day, as instants."""
    tz, monday, rules, *_ = case
    out = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        for a, b in rules.kept_free():
            out.append((wall_time(day, a, tz), wall_time(day, b, tz)))
    return out


def _overlaps(a0, a1, b0, b1) -> bool:
    return a0 < b1 and b0 < a1


# -- properties -------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(weeks())
def test_never_overlaps_anything_and_stays_in_working_hours(case) -> None:
    tz, monday, rules, blocks, _tasks, _one_on_ones, not_before = case
    proposal = _run(case)
    placements = proposal.placements
    timed = [b for b in blocks if not is_all_day(b.start, b.end, tz)]
    kept = _kept_windows(case)
    for i, p in enumerate(placements):
        assert p.end > p.start
        assert p.start.minute % 15 == 0 and p.end.minute % 15 == 0
        day = p.start.astimezone(tz).date()
        assert day.weekday() in rules.workdays and monday <= day <= monday + timedelta(days=6)
        assert p.start >= wall_time(day, rules.day_start_minutes, tz)
        assert p.end <= wall_time(day, rules.day_end_minutes, tz)
        if not_before is not None:
            assert p.start >= not_before
        for b in timed:
            assert not _overlaps(p.start, p.end, b.start, b.end), (p, b)
        for a, b in kept:
            assert not _overlaps(p.start, p.end, a, b), (p, a, b)
        for q in placements[i + 1 :]:
            assert not _overlaps(p.start, p.end, q.start, q.end), (p, q)
        for a, b in proposal.rests:
            assert not _overlaps(p.start, p.end, a, b)


@settings(max_examples=60, deadline=None)
@given(weeks())
def test_every_item_is_placed_or_listed_once_within_the_budget(case) -> None:
    _tz, _monday, rules, _blocks, tasks, one_on_ones, _not_before = case
    proposal = _run(case)
    wanted = {t.id for t in tasks if t.quadrant in (Quadrant.DO, Quadrant.SCHEDULE)}
    placed = set(proposal.task_ids)
    listed = [u.task_id for u in proposal.unplaced if u.task_id is not None]
    assert placed.isdisjoint(listed) and len(listed) == len(set(listed))
    assert placed | set(listed) == wanted
    people = {m.person_id for m in one_on_ones}
    placed_people = [
        p.person_id
        for p in proposal.placements
        if p.kind is BlockKind.ONE_ON_ONE and p.task_id is None
    ]
    listed_people = [u.person_id for u in proposal.unplaced if u.task_id is None]
    assert sorted(placed_people + listed_people) == sorted(people)
    by_task = {t.id: t for t in tasks}
    for task_id in placed:  # all parts of a split task, adding up to its estimate
        parts = [p for p in proposal.placements if p.task_id == task_id]
        assert len(parts) == parts[0].parts
        assert sum(p.minutes for p in parts) == block_minutes(
            by_task[task_id].estimate_minutes, rules.default_minutes
        )
    assert proposal.planned_minutes == sum(p.minutes for p in proposal.placements)
    assert proposal.planned_minutes <= proposal.budget_minutes <= proposal.free_minutes
    assert all(u.reason for u in proposal.unplaced)
    assert set(proposal.defaulted) == {t for t in placed if not by_task[t].estimate_minutes}


def _free_slot_before(
    case,
    proposal,
    minutes: int,
    before: datetime,
    last_day: date | None,
    first_day: date | None = None,
) -> bool:
    """Is there a 15-minute-aligned free stretch of ``minutes`` that ends by ``before`` (and
    starts on or before ``last_day``) in the final layout?"""
    tz, monday, rules, blocks, _tasks, _one_on_ones, not_before = case
    busy = [(b.start, b.end) for b in blocks if not is_all_day(b.start, b.end, tz)]
    busy += (
        [(p.start, p.end) for p in proposal.placements] + list(proposal.rests) + _kept_windows(case)
    )
    for offset in range(7):
        day = monday + timedelta(days=offset)
        if first_day is not None and day < first_day:
            continue
        if day.weekday() not in rules.workdays or (last_day is not None and day > last_day):
            continue
        cursor = wall_time(day, rules.day_start_minutes, tz)
        end_of_day = wall_time(day, rules.day_end_minutes, tz)
        while cursor + timedelta(minutes=minutes) <= end_of_day:
            end = cursor + timedelta(minutes=minutes)
            if end > before and cursor >= before:
                break
            ok = cursor + timedelta(minutes=minutes) <= before or before == datetime.max.replace(
                tzinfo=UTC
            )
            if (
                ok
                and (not_before is None or cursor >= not_before)
                and not any(_overlaps(cursor, end, a, b) for a, b in busy)
            ):
                return True
            cursor += timedelta(minutes=15)
    return False


@settings(max_examples=60, deadline=None)
@given(weeks())
def test_never_after_a_deadline_when_an_earlier_slot_exists(case) -> None:
    tz, monday, _rules, _blocks, tasks, _one_on_ones, _not_before = case
    proposal = _run(case)
    by_task = {t.id: t for t in tasks}
    for p in proposal.placements:
        if p.task_id is None:
            continue
        deferred = by_task[p.task_id].not_before
        assert deferred is None or p.start.astimezone(tz).date() >= deferred  # never before
        deadline = by_task[p.task_id].deadline
        if deadline is not None and monday <= deadline <= monday + timedelta(days=6):
            assert p.start.astimezone(tz).date() <= deadline, (p, deadline)
        if p.due_on is not None and p.parts == 1:
            # A task with a deadline takes the earliest slot: nothing as long was free before.
            deferred = by_task[p.task_id].not_before
            assert not _free_slot_before(case, proposal, p.minutes, p.start, None, deferred), p
    for u in proposal.unplaced:
        if u.task_id is not None and u.reason.startswith("Due "):
            deadline = by_task[u.task_id].deadline
            assert not _free_slot_before(
                case,
                proposal,
                u.minutes,
                datetime.max.replace(tzinfo=UTC),
                deadline,
                by_task[u.task_id].not_before,
            )


@settings(max_examples=60, deadline=None)
@given(weeks(), st.randoms(use_true_random=False))
def test_deterministic_whatever_the_input_order(case, rnd) -> None:
    tz, monday, rules, blocks, tasks, one_on_ones, not_before = case
    first = _run(case)
    shuffled_tasks, shuffled_blocks, shuffled_people = list(tasks), list(blocks), list(one_on_ones)
    rnd.shuffle(shuffled_tasks)
    rnd.shuffle(shuffled_blocks)
    rnd.shuffle(shuffled_people)
    again = plan_week(
        shuffled_tasks,
        shuffled_blocks,
        monday,
        tz,
        rules,
        not_before=not_before,
        one_on_ones=shuffled_people,
    )
    assert again == first


# -- worked examples --------------------------------------------------------------------------
def _standups_and_lunch(monday: date) -> list[Interval]:
    out = []
    for offset in range(5):
        day = monday + timedelta(days=offset)
        out.append(block(day, 9, 0, 15))
    return out


def test_do_before_schedule_around_the_standup_and_lunch() -> None:
    tasks = [
        PlanTask(1, "Design doc", Quadrant.SCHEDULE, 120, position=1),
        PlanTask(2, "Incident follow-ups", Quadrant.DO, 60, position=1),
    ]
    proposal = plan_week(
        tasks,
        _standups_and_lunch(MONDAY),
        MONDAY,
        BERLIN,
        PlanRules(day_start_minutes=9 * 60, buffer_percent=0, focus_target_percent=0),
    )
    first, second = proposal.placements
    assert (
        first.task_id == 2 and first.start == at(MONDAY, 9, 15) and first.end == at(MONDAY, 10, 15)
    )
    # 10:15-12:15 would run through lunch: the two hours go after it.
    assert second.task_id == 1 and second.start == at(MONDAY, 13) and second.end == at(MONDAY, 15)
    assert not proposal.unplaced


def test_a_long_task_never_runs_through_lunch() -> None:
    tasks = [PlanTask(1, "Design doc", Quadrant.SCHEDULE, 180)]
    rules = PlanRules(day_start_minutes=9 * 60, buffer_percent=0, focus_target_percent=0)
    proposal = plan_week(tasks, _standups_and_lunch(MONDAY), MONDAY, BERLIN, rules)
    (p,) = proposal.placements
    assert p.start == at(MONDAY, 13) and p.end == at(MONDAY, 16)


def test_due_task_that_cannot_make_its_day_is_listed_with_the_reason() -> None:
    busy = [block(MONDAY, 8, 0, 600)]  # Monday is full
    tasks = [PlanTask(1, "Answer the questionnaire", Quadrant.DO, 60, needed_by=MONDAY)]
    proposal = plan_week(tasks, busy, MONDAY, BERLIN, PlanRules(buffer_percent=0))
    assert not proposal.task_ids
    (miss,) = proposal.unplaced
    assert (
        miss.task_id == 1 and miss.reason.startswith("Due Mon 23 Nov") and "Delegate" in miss.reason
    )


def test_overdue_task_goes_first_in_the_earliest_slot() -> None:
    tasks = [
        PlanTask(1, "Roadmap", Quadrant.DO, 60, position=0),
        PlanTask(
            2, "Renew the certificate", Quadrant.SCHEDULE, 30, due_on=MONDAY - timedelta(days=3)
        ),
    ]
    proposal = plan_week(
        tasks, [], MONDAY, BERLIN, PlanRules(buffer_percent=0, focus_target_percent=0)
    )
    assert proposal.placements[0].task_id == 2 and proposal.placements[0].start == at(MONDAY, 8)


def test_buffer_share_stays_free_and_the_rest_is_listed() -> None:
    rules = PlanRules(
        day_start_minutes=9 * 60,
        day_end_minutes=10 * 60,
        lunch=None,
        workdays=frozenset({0}),
        buffer_percent=50,
        focus_target_percent=0,
    )
    tasks = [PlanTask(i, f"Task {i}", Quadrant.DO, 15, position=i) for i in range(1, 4)]
    proposal = plan_week(tasks, [], MONDAY, BERLIN, rules)
    assert proposal.budget_minutes == 30 and proposal.task_ids == [1, 2]
    assert (
        proposal.unplaced[0].task_id == 3
        and "50% stays free as buffer" in proposal.unplaced[0].reason
    )


def test_tasks_without_estimate_use_the_default_and_are_reported() -> None:
    proposal = plan_week(
        [PlanTask(7, "Something", Quadrant.DO)],
        [],
        MONDAY,
        BERLIN,
        PlanRules(default_minutes=45, focus_target_percent=0),
    )
    assert proposal.placements[0].minutes == 45 and not proposal.placements[0].estimated
    assert proposal.defaulted == [7] and any("without an estimate" in n for n in proposal.notes)


def test_reviews_are_batched_next_to_the_review_block() -> None:
    busy = [
        *_standups_and_lunch(MONDAY),
        block(MONDAY + timedelta(days=2), 15, 0, 60, BlockKind.REVIEW),
    ]
    tasks = [PlanTask(1, "Review Priya's PR", Quadrant.DO, 45)]
    proposal = plan_week(tasks, busy, MONDAY, BERLIN, PlanRules(focus_target_percent=0))
    (p,) = proposal.placements
    assert p.kind is BlockKind.REVIEW and p.start == at(MONDAY + timedelta(days=2), 16)


def test_long_task_is_split_when_no_stretch_is_long_enough() -> None:
    busy = []
    for offset in range(5):  # only 2h stretches: 8-10, 11-13 (lunch off), 14-16
        day = MONDAY + timedelta(days=offset)
        busy += [block(day, 10, 0, 60), block(day, 13, 0, 60), block(day, 16, 0, 120)]
    rules = PlanRules(lunch=None, buffer_percent=0, focus_target_percent=0, rest_minutes=0)
    proposal = plan_week(
        [PlanTask(1, "Design doc", Quadrant.SCHEDULE, 240)], busy, MONDAY, BERLIN, rules
    )
    assert [(p.part, p.parts, p.minutes) for p in proposal.placements] == [(1, 2, 120), (2, 2, 120)]
    assert proposal.placements[0].title == "Design doc (1/2)"


def test_rest_after_a_long_block() -> None:
    tasks = [
        PlanTask(1, "Design doc", Quadrant.SCHEDULE, 120),
        PlanTask(2, "Write tests", Quadrant.SCHEDULE, 30, position=1),
    ]
    rules = PlanRules(day_start_minutes=8 * 60, buffer_percent=0, focus_target_percent=0)
    proposal = plan_week(tasks, [], MONDAY, BERLIN, rules)
    first, second = proposal.placements
    assert first.end == at(MONDAY, 10) and second.start == at(MONDAY, 10, 15)


def test_one_on_ones_are_titled_linked_and_not_after_their_due_day() -> None:
    people = [
        PlanOneOnOne(5, "Jonas Weber", 45, MONDAY + timedelta(days=3)),
        PlanOneOnOne(6, "Lena Kowalski", 30, MONDAY - timedelta(days=2)),
    ]
    proposal = plan_week(
        [], _standups_and_lunch(MONDAY), MONDAY, BERLIN, PlanRules(focus_target_percent=0)
    )
    proposal = plan_week(
        [],
        _standups_and_lunch(MONDAY),
        MONDAY,
        BERLIN,
        PlanRules(focus_target_percent=0),
        one_on_ones=people,
    )
    by_person = {p.person_id: p for p in proposal.placements}
    assert by_person[5].title == "1:1 with Jonas Weber" and by_person[5].minutes == 45
    assert by_person[5].kind is BlockKind.ONE_ON_ONE
    assert by_person[5].start.date() <= MONDAY + timedelta(days=3)
    assert by_person[6].title == "1:1 with Lena Kowalski" and by_person[6].minutes == 30


def test_focus_target_adds_protected_focus_in_the_mornings() -> None:
    rules = PlanRules(buffer_percent=10, focus_target_percent=20)
    proposal = plan_week([], _standups_and_lunch(MONDAY), MONDAY, BERLIN, rules)
    focus = [p for p in proposal.placements if p.kind is BlockKind.FOCUS]
    assert focus and all(p.protected and p.task_id is None for p in focus)
    assert all(p.start.hour < 12 for p in focus)
    assert proposal.focus_minutes >= proposal.focus_target_minutes == 600


def test_suggested_kinds() -> None:
    assert suggest_kind("Review Priya's PR", 45) is BlockKind.REVIEW
    assert suggest_kind("Go/no-go call for the 4.2 release", 30) is BlockKind.MEETING
    assert suggest_kind("Answer the security questionnaire", 60) is BlockKind.ADMIN
    assert suggest_kind("Draft the Q1 technical roadmap", 180) is BlockKind.THINKING
    assert suggest_kind("Pair on the search indexer refactor", 120) is BlockKind.FOCUS
    assert suggest_kind("Fix typo", 15) is BlockKind.ADMIN


def test_thirty_tasks_over_forty_blocks() -> None:
    """The benchmark's shape: every task placed or listed, nothing overlapping."""
    rnd = random.Random(4)
    busy = []
    for i in range(40):
        day = MONDAY + timedelta(days=i % 5)
        busy.append(block(day, 8 + (i // 5), 0, 30 + 15 * rnd.randint(0, 2)))
    tasks = [
        PlanTask(
            i,
            f"Task {i}",
            rnd.choice([Quadrant.DO, Quadrant.SCHEDULE]),
            rnd.choice([None, 30, 60, 90, 180]),
            due_on=MONDAY + timedelta(days=rnd.randint(-2, 9)) if i % 3 == 0 else None,
        )
        for i in range(30)
    ]
    proposal = plan_week(tasks, busy, MONDAY, BERLIN)
    assert (
        len(proposal.task_ids) + len([u for u in proposal.unplaced if u.task_id is not None]) == 30
    )


def test_a_deferred_task_waits_for_its_day() -> None:
    wednesday = MONDAY + timedelta(days=2)
    tasks = [
        PlanTask(1, "Design doc", Quadrant.DO, 60, not_before=wednesday),
        PlanTask(2, "Later", Quadrant.DO, 60, not_before=MONDAY + timedelta(days=10)),
    ]
    proposal = plan_week(tasks, [], MONDAY, BERLIN, PlanRules(focus_target_percent=0))
    (placed,) = proposal.placements
    assert placed.task_id == 1 and placed.start == at(wednesday, 8)
    (later,) = proposal.unplaced
    assert later.task_id == 2 and later.reason == "Deferred until Thu 3 Dec."
