from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from leaddesk.domain.errors import NotFoundError, ValidationError
from leaddesk.domain.model import BlockKind, BlockOutcome, Quadrant
from leaddesk.domain.recurrence import weekly_rule
from leaddesk.services.base import ChangeKind

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = date(2026, 11, 16)  # Monday of the fixture clock's week


def at(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def make(services, title="Deep work", kind=BlockKind.FOCUS, start=None, end=None, **kw):
    start = start or at(17, 9)
    end = end or start + timedelta(hours=1)
    change = services.blocks.create(title, kind, start, end, **kw)
    return services.blocks.get(change.created_ids[0])


def test_create_stores_aware_utc_and_week_query_finds_it(services) -> None:
    heard = []
    services.subscribe(heard.append)
    block = make(services)
    assert block.start == at(17, 9) and block.start.utcoffset() == timedelta(0)
    assert [b.id for b in services.blocks.week(WEEK)] == [block.id]
    assert services.blocks.week(WEEK + timedelta(days=7)) == []
    assert heard[-1].kinds == frozenset({ChangeKind.BLOCKS})


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (at(17, 10), at(17, 9), "end after it starts"),
        (at(17, 10), at(17, 10), "zero minutes"),
        (at(17, 23), at(18, 1), "past midnight"),
    ],
)
def test_bad_times_are_refused_and_change_nothing(services, start, end, message) -> None:
    with pytest.raises(ValidationError, match=message):
        services.blocks.create("x", BlockKind.FOCUS, start, end)
    assert services.blocks.week(WEEK) == []


def test_naive_times_and_empty_titles_are_refused(services) -> None:
    with pytest.raises(ValidationError):
        services.blocks.create("x", BlockKind.FOCUS, datetime(2026, 11, 17, 9), at(17, 10))
    with pytest.raises(ValidationError):
        services.blocks.create("  ", BlockKind.FOCUS, at(17, 9), at(17, 10))


def test_a_block_may_end_exactly_at_midnight(services) -> None:
    block = make(services, start=at(17, 23), end=at(18, 0))
    assert block.minutes == 60


def test_create_from_task_uses_estimate_or_thirty_minutes(services) -> None:
    estimated = services.tasks.capture("Plan Q1", quadrant=Quadrant.DO, estimate_minutes=90)
    plain = services.tasks.capture("Answer Kim", quadrant=Quadrant.SCHEDULE)
    a = services.blocks.get(
        services.blocks.create_from_task(estimated.id, at(17, 9)).created_ids[0]
    )
    b = services.blocks.get(services.blocks.create_from_task(plain.id, at(17, 11)).created_ids[0])
    assert (a.minutes, a.task_id, a.title) == (90, estimated.id, "Plan Q1")
    assert b.minutes == 30
    with pytest.raises(NotFoundError):
        services.blocks.create_from_task(999, at(17, 9))


def test_unbooked_tasks_lists_open_do_and_schedule_without_a_block_this_week(services) -> None:
    do = services.tasks.capture("do", quadrant=Quadrant.DO)
    schedule = services.tasks.capture("schedule", quadrant=Quadrant.SCHEDULE)
    services.tasks.capture("delegate", quadrant=Quadrant.DELEGATE)
    services.tasks.capture("inbox")
    done = services.tasks.capture("done", quadrant=Quadrant.DO)
    services.tasks.complete([done.id])
    assert [t.id for t in services.blocks.unbooked_tasks(WEEK)] == [do.id, schedule.id]
    services.blocks.create_from_task(do.id, at(18, 9))
    assert [t.id for t in services.blocks.unbooked_tasks(WEEK)] == [schedule.id]
    # booked last week does not count as booked this week
    assert [t.id for t in services.blocks.unbooked_tasks(WEEK + timedelta(days=7))] == [
        do.id,
        schedule.id,
    ]


def test_move_keeps_length_and_undo_redo_restore_exactly(services) -> None:
    block = make(services, end=at(17, 10, 30))
    with services.hub.operation() as change_op:
        services.blocks.move(block.id, at(19, 14))
    moved = services.blocks.get(block.id)
    assert (moved.start, moved.minutes) == (at(19, 14), 90)
    services.hub.undo(change_op.rows)
    assert services.blocks.get(block.id).start == at(17, 9)
    services.hub.redo(change_op.rows)
    assert services.blocks.get(block.id).start == at(19, 14)


def test_resize_refuses_zero_length(services) -> None:
    block = make(services)
    with pytest.raises(ValidationError):
        services.blocks.resize(block.id, block.start)
    services.blocks.resize(block.id, at(17, 11, 15))
    assert services.blocks.get(block.id).minutes == 135


def test_undo_of_create_deletes_and_redo_brings_back_same_id(services) -> None:
    with services.hub.operation() as change_op:
        change = services.blocks.create("x", BlockKind.ADMIN, at(17, 9), at(17, 10))
    services.hub.undo(change_op.rows)
    assert services.blocks.week(WEEK) == []
    services.hub.redo(change_op.rows)
    assert [b.id for b in services.blocks.week(WEEK)] == change.created_ids


def test_outcomes_and_derailed_needs_a_reason(services) -> None:
    block = make(services)
    services.blocks.set_outcome([block.id], BlockOutcome.DONE)
    assert services.blocks.get(block.id).outcome is BlockOutcome.DONE
    with pytest.raises(ValidationError, match="derailed"):
        services.blocks.set_outcome([block.id], BlockOutcome.DERAILED)
    assert services.blocks.get(block.id).outcome is BlockOutcome.DONE
    services.blocks.set_outcome([block.id], BlockOutcome.DERAILED, "Prod incident")
    got = services.blocks.get(block.id)
    assert (got.outcome, got.outcome_reason) == (BlockOutcome.DERAILED, "Prod incident")
    services.blocks.set_outcome([block.id], BlockOutcome.SKIPPED)
    assert services.blocks.get(block.id).outcome_reason == ""


def test_push_later_moves_only_later_unprotected_blocks_of_that_day(services) -> None:
    overrun = make(services, start=at(17, 9), end=at(17, 10))
    later = make(services, "Admin", BlockKind.ADMIN, at(17, 10), at(17, 11))
    protected = make(services, "Coding", BlockKind.FOCUS, at(17, 13), at(17, 15), protected=True)
    last = make(services, "Review", BlockKind.REVIEW, at(17, 16), at(17, 17))
    earlier = make(services, "Standup", BlockKind.MEETING, at(17, 8), at(17, 8, 30))
    tomorrow = make(services, "Tomorrow", BlockKind.ADMIN, at(18, 10), at(18, 11))
    with services.hub.operation() as change_op:
        services.blocks.push_later(overrun.id, at(17, 10, 30))
    get = services.blocks.get
    assert get(overrun.id).end == at(17, 10, 30)
    assert get(later.id).start == at(17, 10, 30)
    assert get(last.id).start == at(17, 16, 30)
    assert get(protected.id).start == at(17, 13)
    assert get(earlier.id).start == at(17, 8)
    assert get(tomorrow.id).start == at(18, 10)
    services.hub.undo(change_op.rows)
    assert get(later.id).start == at(17, 10) and get(overrun.id).end == at(17, 10)


def test_push_later_refuses_to_push_past_midnight(services) -> None:
    overrun = make(services, start=at(17, 21), end=at(17, 22))
    late = make(services, start=at(17, 23), end=at(17, 23, 45))
    with pytest.raises(ValidationError, match="midnight"):
        services.blocks.push_later(overrun.id, at(17, 22, 30))
    assert services.blocks.get(late.id).start == at(17, 23)
    assert services.blocks.get(overrun.id).end == at(17, 22)


def test_read_only_imported_blocks_cannot_be_edited(services) -> None:
    services.calendar.import_ics(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a1\r\n"
        b"DTSTART:20261117T090000Z\r\nDTEND:20261117T100000Z\r\nSUMMARY:Sync\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    block = services.blocks.week(WEEK)[0]
    with pytest.raises(ValidationError, match="read-only"):
        services.blocks.move(block.id, at(17, 14))
    services.blocks.set_outcome([block.id], BlockOutcome.DONE)  # outcomes still allowed


# -- recurrence ----------------------------------------------------------------------------


def make_series(services, weeks: int = 6):
    until = at(17, 0) + timedelta(weeks=weeks)
    rule = weekly_rule([1, 3], until=until)  # Tue and Thu
    change = services.blocks.create(
        "Deep work", BlockKind.FOCUS, at(17, 9), at(17, 12), recurrence=rule, protected=True
    )
    head = services.blocks.get(change.created_ids[0])
    return head, services.blocks.series(head.id)


def test_recurring_series_materializes_occurrences(services) -> None:
    head, rows = make_series(services)
    assert len(rows) == 12
    assert all(r.series_id == head.id and r.minutes == 180 for r in rows)
    week = services.blocks.week(WEEK)
    assert [b.start for b in week] == [at(17, 9), at(19, 9)]
    assert (
        services.blocks.recurrence_of(week[1]).describe(BERLIN).startswith("Every week on Tue, Thu")
    )


def test_recurring_block_keeps_wall_clock_time_across_dst(services, clock) -> None:
    clock.at = datetime(2026, 10, 14, 10, tzinfo=BERLIN)
    services.blocks.create(
        "1:1",
        BlockKind.ONE_ON_ONE,
        at(20, 9, month=10),
        at(20, 9, 30, month=10),
        recurrence=weekly_rule([1], interval=1, until=at(10, 0, month=11) + timedelta(days=14)),
    )
    after_dst = services.blocks.week(date(2026, 10, 26))
    assert [b.start.astimezone(BERLIN).hour for b in after_dst] == [9]
    assert after_dst[0].minutes == 30


def test_edit_this_one_changes_only_that_occurrence(services) -> None:
    head, rows = make_series(services)
    services.blocks.move(rows[3].id, rows[3].start + timedelta(hours=2), scope="this")
    after = services.blocks.series(head.id)
    moved = [r for r in after if r.start.astimezone(BERLIN).hour == 11]
    assert [r.id for r in moved] == [rows[3].id]


def test_edit_this_and_following_splits_the_series(services) -> None:
    head, rows = make_series(services)
    pivot = rows[4]
    services.blocks.update(
        pivot.id, "following", start=pivot.start + timedelta(hours=1), title="Deep work (late)"
    )
    old = services.blocks.series(head.id)
    new = services.blocks.series(pivot.id)
    assert [r.id for r in old] == [r.id for r in rows[:4]]
    assert all(r.start.astimezone(BERLIN).hour == 9 for r in old)
    assert len(new) == 8 and all(r.start.astimezone(BERLIN).hour == 10 for r in new)
    assert {r.title for r in new} == {"Deep work (late)"}
    assert "UNTIL" in services.blocks.get(head.id).recurrence
    assert services.blocks.get(pivot.id).recurrence.startswith("DTSTART")


def test_edit_all_shifts_every_occurrence_and_undo_restores(services) -> None:
    head, rows = make_series(services)
    with services.hub.operation() as change_op:
        services.blocks.update(
            rows[2].id, "all", start=rows[2].start + timedelta(minutes=30), kind=BlockKind.THINKING
        )
    after = services.blocks.series(head.id)
    assert all(r.start.astimezone(BERLIN).minute == 30 for r in after)
    assert {r.kind for r in after} == {BlockKind.THINKING}
    assert not any(r.protected for r in after)  # only focus blocks can be protected
    services.hub.undo(change_op.rows)
    assert [(r.start, r.kind) for r in services.blocks.series(head.id)] == [
        (r.start, r.kind) for r in rows
    ]


def test_delete_this_following_and_all(services) -> None:
    head, rows = make_series(services)
    services.blocks.delete(rows[1].id, "this")
    assert len(services.blocks.series(head.id)) == 11
    assert "EXDATE" in services.blocks.get(head.id).recurrence
    services.blocks.delete(rows[6].id, "following")
    assert [r.id for r in services.blocks.series(head.id)] == [rows[0].id] + [
        r.id for r in rows[2:6]
    ]
    with services.hub.operation() as change_op:
        services.blocks.delete(rows[3].id, "all")
    assert services.blocks.series(head.id) == []
    services.hub.undo(change_op.rows)
    assert len(services.blocks.series(head.id)) == 5


def test_deleting_the_first_block_alone_hands_the_series_on(services) -> None:
    head, rows = make_series(services)
    services.blocks.delete(head.id, "this")
    new_head = services.blocks.get(rows[1].id)
    assert new_head.recurrence and new_head.series_id == new_head.id
    assert len(services.blocks.series(new_head.id)) == 11


def test_open_ended_series_extend_lazily_when_later_weeks_are_shown(services) -> None:
    change = services.blocks.create(
        "Planning", BlockKind.THINKING, at(20, 14), at(20, 15), recurrence=weekly_rule([4])
    )
    head_id = change.created_ids[0]
    far = WEEK + timedelta(weeks=60)
    assert services.blocks.week(far) == []  # reading writes nothing (issue 14)
    far_end = datetime.combine(far, datetime.min.time(), BERLIN) + timedelta(days=7)
    assert services.blocks.extend_series(far_end) > 0  # the week view's explicit write
    shown = services.blocks.week(far)
    assert len(shown) == 1 and shown[0].series_id == head_id
    assert services.blocks.extend_series(far_end) == 0  # nothing due twice


def test_bad_rules_are_refused(services) -> None:
    for rule in ("FREQ=HOURLY", "FREQ=WEEKLY;INTERVAL=0", "FREQ=WEEKLY;BYDAY=XX", "nonsense"):
        with pytest.raises(ValidationError):
            services.blocks.create("x", BlockKind.FOCUS, at(17, 9), at(17, 10), recurrence=rule)
    assert services.blocks.week(WEEK) == []


# -- capacity ------------------------------------------------------------------------------


def test_capacity_figures_match_hand_computed_values(services) -> None:
    make(services, "Focus", BlockKind.FOCUS, at(16, 9), at(16, 12))  # Mon 3h
    make(services, "Meeting", BlockKind.MEETING, at(16, 11), at(16, 13))  # overlaps 1h
    make(services, "Break", BlockKind.BREAK, at(16, 13), at(16, 13, 30))
    make(services, "Focus", BlockKind.FOCUS, at(17, 7), at(17, 9))  # 1h before 08:00
    make(services, "Admin", BlockKind.ADMIN, at(18, 9), at(18, 14))  # Wed 5h, no break
    make(services, "Sat", BlockKind.FOCUS, at(21, 10), at(21, 11))  # weekend: no working time
    services.tasks.capture("a", quadrant=Quadrant.DO, estimate_minutes=120)
    services.tasks.capture("b", quadrant=Quadrant.SCHEDULE)  # 30 by default
    cap = services.blocks.capacity(WEEK, day_start_hour=8, day_end_hour=18)
    assert cap.working_minutes == 5 * 600
    mon = cap.days[0]
    assert mon.booked_minutes == 4 * 60 + 30 and mon.has_break
    assert cap.days[1].booked_minutes == 60  # only 08:00-09:00 counts
    assert cap.minutes_by_kind[BlockKind.FOCUS] == 180 + 120 + 60
    assert cap.booked_minutes == 270 + 60 + 300
    assert cap.free_minutes == 3000 - 630
    assert cap.task_minutes == 150 and cap.tasks_without_estimate == 1 and cap.fits
    assert cap.focus_percent == pytest.approx(100 * 360 / 3000)
    assert not cap.focus_on_target
    assert "No break planned on Wednesday." in cap.warnings
    assert "No buffer this week for interruptions." in cap.warnings


def test_capacity_in_a_dst_week_counts_real_hours(services, clock) -> None:
    clock.at = datetime(2026, 10, 21, 10, tzinfo=BERLIN)
    # Sunday 25 October 2026: clocks go back at 03:00 → 01:00-04:00 lasts four hours.
    make(services, "Night", BlockKind.FOCUS, at(25, 1, month=10), at(25, 4, month=10))
    cap = services.blocks.capacity(date(2026, 10, 19))
    assert cap.days[6].minutes_by_kind[BlockKind.FOCUS] == 240


def test_unknown_person_is_refused(services) -> None:
    with pytest.raises(NotFoundError):
        services.blocks.create("1:1", BlockKind.ONE_ON_ONE, at(17, 9), at(17, 10), person_id=42)
    assert services.blocks.week(WEEK) == []


def test_undo_of_a_series_also_removes_occurrences_materialized_later(services) -> None:
    with services.hub.operation() as change_op:
        change = services.blocks.create(
            "Planning", BlockKind.THINKING, at(20, 14), at(20, 15), recurrence=weekly_rule([4])
        )
    head_id = change.created_ids[0]
    services.blocks.extend_series(at(16, 0) + timedelta(weeks=61))  # a far week shown
    assert len(services.blocks.series(head_id)) > len(change.created_ids)
    services.hub.undo(change_op.rows)
    assert services.blocks.between(at(16, 0), at(16, 0) + timedelta(weeks=70)) == []


def test_a_series_stored_by_another_service_object_extends_after_a_week_was_read(
    services,
) -> None:
    """H6's report: after seed_demo, a BlockService that had already read a week did not
    see the stand-up in later weeks (it cached how far series were filled). What is due is
    read from the vault now, whoever stored the series."""
    from leaddesk.services.blocks import BlockService

    far = WEEK + timedelta(weeks=40)
    far_end = datetime.combine(far, datetime.min.time(), BERLIN) + timedelta(days=7)
    services.blocks.extend_series(far_end)  # nothing repeats yet: nothing stored
    assert services.blocks.week(far) == []
    other = BlockService(services.blocks.hub)
    other.create(
        "Stand-up", BlockKind.MEETING, at(16, 9), at(16, 9, 15), recurrence=weekly_rule([0])
    )
    assert services.blocks.week(far) == []  # stored 26 weeks ahead only
    assert services.blocks.extend_series(far_end) > 0
    assert [b.title for b in services.blocks.week(far)] == ["Stand-up"]
